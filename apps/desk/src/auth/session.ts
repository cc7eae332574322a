/**
 * The signed-in session: tokens in localStorage (shared by this browser's tabs), one refresh at
 * a time across tabs (Web Locks), and a "sign in again" gate that paused requests wait on.
 */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
}

const KEY = 'desk.session';
type Listener = () => void;

class Session {
  private listeners = new Set<Listener>();
  private refreshing: Promise<boolean> | null = null;
  private waiters: ((ok: boolean) => void)[] = [];
  /** True while a request waits for the user to sign in again. */
  expired = false;
  /** Work to finish while the session still holds (an open piece's edit lock released) before signing out. */
  readonly beforeSignOut = new Set<() => Promise<unknown>>();

  get tokens(): Tokens | null {
    try {
      const raw = localStorage.getItem(KEY);
      return raw ? (JSON.parse(raw) as Tokens) : null;
    } catch {
      return null;
    }
  }

  set(t: Tokens | null): void {
    if (t) localStorage.setItem(KEY, JSON.stringify(t));
    else localStorage.removeItem(KEY);
    if (t && this.expired) {
      this.expired = false;
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f(true));
    }
    this.emit();
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(): void {
    this.listeners.forEach((l) => l());
  }

  /** One shared refresh: rotates the refresh token; false when the session is over. */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      const before = this.tokens;
      const run = async (): Promise<boolean> => {
        const now = this.tokens;
        // another tab rotated it while we waited for the lock
        if (now && before && now.refreshToken !== before.refreshToken) return true;
        if (!now) return false;
        const res = await fetch('/v1/auth/refresh', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: now.refreshToken }),
        }).catch(() => null);
        if (!res?.ok) return false;
        const t = (await res.json()) as Tokens;
        this.set({ accessToken: t.accessToken, refreshToken: t.refreshToken, accessTokenExpiresAt: t.accessTokenExpiresAt });
        return true;
      };
      const locked = typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request('desk-refresh', run) : run();
      this.refreshing = (locked as Promise<boolean>).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /** The session ended mid-work: ask to sign in again; resolves once the user has. */
  waitForSignIn(): Promise<boolean> {
    this.expired = true;
    this.emit();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

export const session = new Session();
