// /radio/events, and the song shown switched when the listener hears it: the audio element plays behind the live
// edge (by the stream's burst and what it buffers), so a song change is shown that much later than it is announced.
const RETRY_MS = 30000;

export class LiveEvents extends EventTarget {
  #source = null;
  #retry = null;

  connect() {
    clearTimeout(this.#retry);
    this.#source?.close();
    const source = new EventSource('/radio/events');
    this.#source = source;
    source.addEventListener('now-playing', (e) => this.#emit('now-playing', JSON.parse(e.data)));
    source.addEventListener('listeners', (e) => this.#emit('listeners', JSON.parse(e.data).listeners));
    source.addEventListener('open', () => this.#emit('status', 'live'));
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        // refused (503 at the client cap) or failed: the browser gives up, so try again later ourselves
        this.#emit('status', 'unavailable');
        this.#retry = setTimeout(() => this.connect(), RETRY_MS * (0.5 + Math.random()));
      } else {
        this.#emit('status', 'reconnecting');
      }
    });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/**
 * Holds now-playing objects until the audio reaches them. An object announced while the element is
 * <code>behindLive</code> seconds behind live is heard when its currentTime has moved on by that much.
 */
export class HeardSchedule {
  #queue = [];
  #player;
  #show;

  constructor(player, show) {
    this.#player = player;
    this.#show = show;
    setInterval(() => this.#due(), 200);
  }

  add(nowPlaying) {
    if (!this.#player.playing) {
      this.#queue = [];
      this.#show(nowPlaying);
      return;
    }
    this.#queue.push({ at: this.#player.currentTime + this.#player.behindLive, nowPlaying });
    this.#due();
  }

  /** Shows what is due now; when the audio stops, what was announced last. */
  #due() {
    if (!this.#player.playing) {
      const last = this.#queue.pop();
      this.#queue = [];
      if (last) {
        this.#show(last.nowPlaying);
      }
      return;
    }
    let due = null;
    // far ahead means the element started a new connection (its currentTime began again at 0): show it now
    const now = this.#player.currentTime;
    while (this.#queue.length && (now >= this.#queue[0].at || this.#queue[0].at - now > 30)) {
      due = this.#queue.shift();
    }
    if (due) {
      this.#show(due.nowPlaying);
    }
  }
}
