// A small client-side router: the History API, a path hook, and links that
// navigate without reloading. The server answers every unknown path with
// index.html, so any of these URLs can be opened directly.
import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) {
    listener();
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', notify);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    history.replaceState(null, '', to);
  } else {
    history.pushState(null, '', to);
  }
  window.scrollTo(0, 0);
  notify();
  // Like a page load, a navigation starts reading (and tabbing) at the new
  // page's content, which screen readers then announce.
  // A page that focuses a field of its own (the login form) keeps it.
  requestAnimationFrame(() => {
    const main = document.getElementById('main');
    if (main && !main.contains(document.activeElement)) {
      main.focus({ preventScroll: true });
    }
  });
}

export function useLocation(): { path: string; search: string } {
  const read = () => ({ path: window.location.pathname, search: window.location.search });
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const listener = () => setLocation(read());
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return location;
}

/** Matches "/w/:slug/articles/:id" against a path; returns the parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part.startsWith(':')) {
      params[part.slice(1)] = decodeURIComponent(have[i]!);
    } else if (part !== have[i]) {
      return null;
    }
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

export function Link({ href, onClick, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      onClick={(event) => {
        if (typeof onClick === 'function') {
          onClick(event);
        }
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
          return;
        }
        event.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}

export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
