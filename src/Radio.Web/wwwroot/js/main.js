// The web player: wires the audio, the live events, the account and the library parts of the page together.
import { Account } from './account.js';
import { Library } from './library.js';
import { HeardSchedule, LiveEvents } from './live.js';
import { Player } from './player.js';
import { duration, element, showError, songLabel } from './ui.js';

const $ = (id) => document.getElementById(id);

const player = new Player($('audio'));
const account = new Account();
const library = new Library(account);
const live = new LiveEvents();
let shown = null; // the now-playing object on screen: the song the listener hears

function showNowPlaying(nowPlaying) {
  const song = nowPlaying.song;
  const changed = shown?.song?.id !== song?.id || shown?.started_at !== nowPlaying.started_at;
  shown = nowPlaying;
  $('title').textContent = song ? song.title : 'Nothing on the air yet';
  $('artists').textContent = song ? song.artist_names : '';
  const art = $('art');
  const image = song?.has_image ? `/songs/${song.id}/image` : '/img/no-art.svg';
  if (art.getAttribute('src') !== image) {
    art.src = image;
  }
  art.alt = song?.has_image ? `Album art for ${song.title}` : '';
  const requestedBy = nowPlaying.requested_by;
  $('requested-by').hidden = !requestedBy;
  $('requested-by').textContent = requestedBy ? `Requested by ${requestedBy}` : '';
  $('listeners').textContent = String(nowPlaying.listeners);
  const next = $('next');
  next.replaceChildren(...(nowPlaying.next ?? []).map((s) => element('li', songLabel(s))));
  updateFavoriteCurrent();
  if (changed) {
    library.loadHistory();
    library.loadRequests();
    library.loadLeaderboard();
  }
}

function updateFavoriteCurrent() {
  const node = $('favorite-current');
  node.hidden = !account.user || !shown?.song;
  if (!node.hidden) {
    library.favoriteButton(shown.song, node);
  }
}

const heard = new HeardSchedule(player, showNowPlaying);

$('play').addEventListener('click', () => {
  if (player.playing || $('play').getAttribute('aria-pressed') === 'true') {
    player.stop();
    $('play').textContent = 'Play';
    $('play').setAttribute('aria-pressed', 'false');
  } else {
    $('play').textContent = 'Stop';
    $('play').setAttribute('aria-pressed', 'true');
    player.play();
  }
});
$('volume').addEventListener('input', (e) => { player.volume = Number(e.target.value); });
$('favorite-current').addEventListener('click', () => shown?.song && library.toggleFavorite(shown.song));

player.addEventListener('state', (e) => {
  $('player-state').textContent = e.detail;
  if (e.detail === 'Stopped') {
    $('play').textContent = 'Play';
    $('play').setAttribute('aria-pressed', 'false');
  }
});
player.addEventListener('failure', (e) => showError(e.detail, 'Playing'));
player.addEventListener('heartbeat', (e) => {
  const beat = e.detail;
  $('listener-name').textContent = beat.username;
  $('session-time').textContent = duration(beat.session_seconds);
  $('total-time').textContent = duration(beat.total_seconds);
});

live.addEventListener('now-playing', (e) => heard.add(e.detail));
live.addEventListener('listeners', (e) => { $('listeners').textContent = String(e.detail); });
live.addEventListener('status', (e) => {
  if (e.detail === 'unavailable') {
    showError('Live updates are unavailable for now; trying again shortly.');
  }
});

account.addEventListener('change', async (e) => {
  const user = e.detail;
  $('listener-name').textContent = user ? user.username : '–';
  if (user) {
    $('total-time').textContent = duration(user.total_listen_time);
  }
  await library.loadFavorites();
  library.redraw();
  updateFavoriteCurrent();
  library.loadRequests();
});

live.connect();
await account.load();
library.loadTags();
library.loadLeaderboard();
library.loadHistory();
library.loadRequests();
