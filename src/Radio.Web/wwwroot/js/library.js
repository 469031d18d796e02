// Finding songs (text and vibe search), favourites, requests, the leaderboard and the history.
import { del, get, post, put } from './api.js';
import { attempt, button, duration, element, fill, songLabel } from './ui.js';

export class Library {
  #account;
  #favorites = new Set();
  #lists = [];

  constructor(account) {
    this.#account = account;
    document.getElementById('search-form').addEventListener('submit', (e) => this.#search(e));
    document.getElementById('vibe-form').addEventListener('submit', (e) => this.#vibe(e));
  }

  get signedIn() {
    return !!this.#account.user;
  }

  isFavorite(songId) {
    return this.#favorites.has(songId);
  }

  /** A song list item: what it is, and what the listener can do with it. */
  songItem(song, extra) {
    const item = element('li');
    item.dataset.songId = song.id;
    const what = element('span', songLabel(song), 'what');
    item.append(what);
    if (extra) {
      item.append(element('span', extra, 'muted'));
    }
    item.append(button('Request', `Request ${song.title}`, () => this.request(song.id)));
    if (this.signedIn) {
      item.append(this.favoriteButton(song));
    }
    return item;
  }

  favoriteButton(song, node = button('', '', () => this.toggleFavorite(song))) {
    const on = this.isFavorite(song.id);
    node.textContent = on ? '♥ Favourite' : '♡ Favourite';
    node.setAttribute('aria-pressed', String(on));
    node.setAttribute('aria-label', `Favourite ${song.title}`);
    node.classList.add('favorite');
    node.dataset.songId = song.id;
    return node;
  }

  async toggleFavorite(song) {
    const on = this.isFavorite(song.id);
    const done = await attempt('Saving the favourite', async () => {
      await (on ? del : put)(`/users/me/favorites/${song.id}`);
      return true;
    });
    if (done) {
      if (on) {
        this.#favorites.delete(song.id);
      } else {
        this.#favorites.add(song.id);
      }
      for (const node of document.querySelectorAll(`button.favorite[data-song-id="${song.id}"]`)) {
        this.favoriteButton(song, node);
      }
      await this.loadFavorites();
    }
  }

  async loadFavorites() {
    const list = document.getElementById('favorite-list');
    if (!this.signedIn) {
      this.#favorites.clear();
      list.replaceChildren();
      return;
    }
    const songs = await attempt('Loading your favourites', () => get('/users/me/favorites?limit=200'));
    if (songs) {
      this.#favorites = new Set(songs.map((s) => s.id));
      fill(list, songs, (s) => this.songItem(s), 'No favourites yet.');
    }
  }

  async request(songId) {
    const made = await attempt('Requesting the song', () => post('/radio/requests', { song_id: songId }));
    if (made) {
      await this.loadRequests();
    }
  }

  async loadRequests() {
    const requests = await attempt('Loading the requests', () => get('/radio/requests'));
    if (!requests) {
      return;
    }
    const me = this.#account.user;
    fill(document.getElementById('request-list'), requests, (r) => {
      const item = element('li', `${songLabel(r.song)} (requested by ${r.requested_by})`);
      if (me && (me.username === r.requested_by || me.role === 'admin')) {
        item.append(' ', button('Cancel', `Cancel the request for ${r.song.title}`, async () => {
          await attempt('Cancelling the request', () => del(`/radio/requests/${r.id}`));
          await this.loadRequests();
        }));
      }
      return item;
    }, 'No requests pending.');
  }

  async loadTags() {
    const tags = await attempt('Loading the tags', () => get('/tags'));
    if (!tags?.length) {
      return;
    }
    const box = document.getElementById('vibe-tags');
    box.replaceChildren(...tags.map((tag, i) => {
      const row = element('div', undefined, 'tag');
      const use = element('input');
      use.type = 'checkbox';
      use.id = `vibe-use-${i}`;
      use.name = tag.name;
      use.setAttribute('aria-label', `Use ${tag.name}`);
      const label = element('label', tag.name);
      label.htmlFor = `vibe-score-${i}`;
      const slider = element('input');
      Object.assign(slider, { type: 'range', id: `vibe-score-${i}`, min: '0', max: '1', step: '0.05', value: '0.5' });
      slider.dataset.tag = tag.name;
      const shown = element('output', '0.50');
      shown.htmlFor = slider.id;
      slider.addEventListener('input', () => {
        shown.value = Number(slider.value).toFixed(2);
        use.checked = true; // moving a slider means the listener cares about that tag
      });
      const name = element('span');
      name.append(use, ' ', label);
      row.append(name, slider, shown);
      return row;
    }));
  }

  async loadLeaderboard() {
    const users = await attempt('Loading the leaderboard', () => get('/users/leaderboard'));
    if (users) {
      fill(document.getElementById('leaderboard-list'), users,
        (u) => element('li', `${u.username}: ${duration(u.total_listen_time)}`), 'Nobody has listened yet.');
    }
  }

  async loadHistory() {
    const played = await attempt('Loading the history', () => get('/radio/history?limit=10'));
    if (played) {
      fill(document.getElementById('history-list'), played, (p) => {
        const at = new Date(p.started_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        return element('li', `${at} ${songLabel(p)}`);
      }, 'Nothing played yet.');
    }
  }

  /** Song lists drawn again, for instance when favourite buttons come or go with signing in. */
  redraw() {
    for (const { list, songs, extra } of this.#lists) {
      fill(list, songs, (s) => this.songItem(s, extra?.(s)), 'No songs found.');
    }
  }

  #show(list, songs, extra) {
    this.#lists = this.#lists.filter((l) => l.list !== list).concat([{ list, songs, extra }]);
    fill(list, songs, (s) => this.songItem(s, extra?.(s)), 'No songs found.');
  }

  async #search(event) {
    event.preventDefault();
    const q = document.getElementById('search-q').value.trim();
    const songs = await attempt('Searching', () => get(`/songs?q=${encodeURIComponent(q)}&limit=20`));
    if (songs) {
      this.#show(document.getElementById('search-results'), songs);
    }
  }

  async #vibe(event) {
    event.preventDefault();
    const targets = [...document.querySelectorAll('#vibe-tags input[type="range"]')]
      .filter((slider) => document.getElementById(slider.id.replace('score', 'use')).checked)
      .map((slider) => ({ name: slider.dataset.tag, target_score: Number(slider.value) }));
    const songs = await attempt('Vibe search', () => post('/tags/search?limit=20', targets));
    if (songs) {
      this.#show(document.getElementById('vibe-results'), songs, (s) => `match error ${s.match_error.toFixed(2)}`);
    }
  }
}
