// The audio element on /radio/stream, and the heartbeats it earns. Each press of play (and each reconnect after an
// error) is a new connection: a new connect_time, and played time counted again from zero, as the contract's
// heartbeat expects. Played time is what the element really played (the sum of its played ranges), never wall clock.
import { post } from './api.js';

export const HEARTBEAT_SECONDS = 15;
const RECONNECT_MS = 3000;

export class Player extends EventTarget {
  #audio;
  #connectTime = null;
  #beat = null;
  #reconnect = null;
  #wanted = false;
  #shownState = null;
  #edge = []; // recent samples of how far the received media time runs ahead of the clock

  constructor(audio) {
    super();
    this.#audio = audio;
    audio.addEventListener('playing', () => this.#onPlaying());
    audio.addEventListener('waiting', () => this.#state('Buffering…'));
    audio.addEventListener('timeupdate', () => this.#wanted && this.#connectTime !== null && this.#state('Playing'));
    audio.addEventListener('error', () => this.#onFailure('The stream stopped'));
    audio.addEventListener('ended', () => this.#onFailure('The stream ended'));
    audio.addEventListener('progress', () => this.#sampleEdge());
    setInterval(() => this.playing && this.#sampleEdge(), 250);
  }

  get playing() {
    return this.#wanted && !this.#audio.paused;
  }

  /**
   * Seconds between what the listener hears now and the live edge, where a song change that is announced now begins.
   * The stream is paced at real time after its burst, so the media time it has delivered runs a fixed offset ahead of
   * the clock; the element reports what it has received in steps (Chromium's in 2 s pieces), so the offset is the
   * largest seen lately, not the latest.
   */
  get behindLive() {
    if (!this.playing) {
      return 0;
    }
    this.#sampleEdge();
    const offset = Math.max(...this.#edge.map((e) => e.offset));
    return Math.max(0, performance.now() / 1000 + offset - this.#audio.currentTime);
  }

  #sampleEdge() {
    const { buffered } = this.#audio;
    const now = performance.now() / 1000;
    if (buffered.length) {
      this.#edge.push({ at: now, offset: buffered.end(buffered.length - 1) - now });
    }
    this.#edge = this.#edge.filter((e) => now - e.at < 10);
    if (!this.#edge.length) {
      this.#edge.push({ at: now, offset: this.#audio.currentTime - now });
    }
  }

  get currentTime() {
    return this.#audio.currentTime;
  }

  /** Seconds this connection has played: the element's played ranges, which grow only while audio is heard. */
  get playedSeconds() {
    const { played } = this.#audio;
    let total = 0;
    for (let i = 0; i < played.length; i++) {
      total += played.end(i) - played.start(i);
    }
    return total;
  }

  async play() {
    this.#wanted = true;
    clearTimeout(this.#reconnect);
    this.#connectTime = null;
    this.#edge = [];
    this.#audio.src = '/radio/stream';
    this.#state('Connecting…');
    try {
      await this.#audio.play();
    } catch (error) {
      if (this.#wanted) {
        this.#wanted = false;
        this.#stopBeats();
        this.#state('Stopped');
        this.dispatchEvent(new CustomEvent('failure', { detail: `The browser would not play: ${error.message}` }));
      }
    }
  }

  stop() {
    this.#wanted = false;
    clearTimeout(this.#reconnect);
    this.#stopBeats();
    this.#audio.pause();
    // a live stream cannot pause: drop the connection instead of letting it buffer on
    this.#audio.removeAttribute('src');
    this.#audio.load();
    this.#state('Stopped');
  }

  set volume(value) {
    this.#audio.volume = value;
  }

  #onPlaying() {
    if (!this.#wanted) {
      return;
    }
    this.#state('Playing');
    if (this.#connectTime === null) {
      this.#connectTime = new Date().toISOString();
      this.#heartbeat();
      this.#beat = setInterval(() => this.#heartbeat(), HEARTBEAT_SECONDS * 1000);
    }
  }

  #onFailure(what) {
    if (!this.#wanted) {
      return;
    }
    this.#stopBeats();
    this.#state(`${what}; reconnecting…`);
    clearTimeout(this.#reconnect);
    this.#reconnect = setTimeout(() => this.#wanted && this.play(), RECONNECT_MS);
  }

  #stopBeats() {
    clearInterval(this.#beat);
    this.#beat = null;
  }

  async #heartbeat() {
    if (!this.playing || this.#connectTime === null) {
      return;
    }
    try {
      const result = await post('/api/heartbeat', {
        connect_time: this.#connectTime,
        played_seconds: Math.round(this.playedSeconds * 1000) / 1000,
      });
      this.dispatchEvent(new CustomEvent('heartbeat', { detail: result }));
    } catch (error) {
      this.dispatchEvent(new CustomEvent('failure', { detail: `the heartbeat failed: ${error.message}` }));
    }
  }

  #state(text) {
    if (text !== this.#shownState) {
      this.#shownState = text;
      this.dispatchEvent(new CustomEvent('state', { detail: text }));
    }
  }
}
