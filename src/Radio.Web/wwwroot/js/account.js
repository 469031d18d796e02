// Sign-in, registration and sign-out. A token from either goes to localStorage; signing out forgets it, and the
// browser is an anonymous listener again (the server's cookie).
import { get, post, setToken, token, tokenRejected } from './api.js';
import { attempt, showError } from './ui.js';

export class Account extends EventTarget {
  /** The signed-in User object, or null. */
  user = null;

  constructor() {
    super();
    document.getElementById('sign-in-form').addEventListener('submit', (e) => this.#submit(e, '/auth/login', 'Signing in'));
    document.getElementById('register-form').addEventListener('submit', (e) => this.#submit(e, '/auth/register', 'Registering'));
    document.getElementById('sign-out').addEventListener('click', () => this.signOut());
    tokenRejected.addEventListener('rejected', () => {
      if (this.user) {
        showError('Your sign-in has expired: sign in again.');
      }
      this.#set(null);
    });
  }

  async load() {
    if (!token()) {
      this.#set(null);
      return;
    }
    const user = await attempt('Checking your sign-in', () => get('/users/me'));
    this.#set(user ?? null);
  }

  signOut() {
    setToken(null);
    this.#set(null);
  }

  async #submit(event, path, what) {
    event.preventDefault();
    const form = event.target;
    const body = { username: form.username.value.trim(), password: form.password.value };
    const answer = await attempt(what, () => post(path, body));
    if (answer) {
      setToken(answer.token);
      form.reset();
      this.#set(answer.user);
    }
  }

  #set(user) {
    this.user = user;
    document.getElementById('signed-out').hidden = !!user;
    document.getElementById('signed-in').hidden = !user;
    document.getElementById('account-name').textContent = user ? user.username : '';
    document.getElementById('who').textContent = user ? `Signed in as ${user.username}` : 'Not signed in';
    for (const part of document.querySelectorAll('.signed-in-only')) {
      part.hidden = !user;
    }
    this.dispatchEvent(new CustomEvent('change', { detail: user }));
  }
}
