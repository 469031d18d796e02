// Calls to the Radio API. The account token lives in localStorage; without one, the server knows this browser by its
// anonymous listener cookie, which fetch sends by itself.
const TOKEN_KEY = 'radio.token';

/** An answer other than 2xx: the problem document's detail (or title) is the message. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(messageOf(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

function messageOf(status, problem) {
  if (!problem) {
    return status ? `The server answered ${status}.` : 'The server could not be reached.';
  }
  const fields = problem.errors ? Object.values(problem.errors).flat() : [];
  const text = problem.detail || problem.title || `The server answered ${status}.`;
  return fields.length ? `${text} ${fields.join(' ')}` : text;
}

export const token = () => localStorage.getItem(TOKEN_KEY);

export function setToken(value) {
  if (value) {
    localStorage.setItem(TOKEN_KEY, value);
  } else {
    localStorage.removeItem(TOKEN_KEY);
  }
}

/** Tells the page that the stored token stopped working (expired, or its account is gone). */
export const tokenRejected = new EventTarget();

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const bearer = token();
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, null);
  }

  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    if (response.status === 401 && bearer) {
      setToken(null);
      tokenRejected.dispatchEvent(new Event('rejected'));
    }
    throw new ApiError(response.status, data);
  }
  return data;
}

export const get = (path) => api(path);
export const post = (path, body) => api(path, { method: 'POST', body });
export const put = (path) => api(path, { method: 'PUT' });
export const del = (path) => api(path, { method: 'DELETE' });
