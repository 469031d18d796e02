// What every part of the page shares: showing errors, formatting times, drawing a song.

const errors = () => document.getElementById('errors');

/**
 * Shows an error (an ApiError's message is the problem's detail), saying what was being done, until it is dismissed;
 * never swallowed. The same message again moves to the end instead of being shown twice.
 */
export function showError(error, what) {
  const detail = error instanceof Error ? error.message : String(error);
  const message = what ? `${what}: ${detail}` : detail;
  for (const shown of errors().children) {
    if (shown.dataset.message === message) {
      shown.remove();
    }
  }
  const line = document.createElement('p');
  line.dataset.message = message;
  const text = document.createElement('span');
  text.textContent = message;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.setAttribute('aria-label', `Dismiss: ${message}`);
  close.addEventListener('click', () => line.remove());
  line.append(text, close);
  errors().append(line);
  while (errors().children.length > 4) {
    errors().firstElementChild.remove();
  }
}

/** Runs an action, showing what went wrong (and what was being done) instead of losing it. */
export async function attempt(what, action) {
  try {
    return await action();
  } catch (error) {
    showError(error, what);
    return undefined;
  }
}

/** 3725 → "1:02:05", 65 → "1:05". */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export const songLabel = (song) => `${song.title} — ${song.artist_names}`;

export function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) {
    node.textContent = text;
  }
  if (className) {
    node.className = className;
  }
  return node;
}

export function button(text, label, onClick) {
  const node = element('button', text);
  node.type = 'button';
  node.setAttribute('aria-label', label);
  node.addEventListener('click', onClick);
  return node;
}

/** Replaces a list's items, or says it is empty. */
export function fill(list, items, render, empty = 'Nothing here yet.') {
  list.replaceChildren(...(items.length ? items.map(render) : [element('li', empty, 'muted')]));
}
