// The one small set of controls every screen uses.
import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ComponentChildren, HTMLAttributes, InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { LiveStatus } from '../live/connection';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'ghost';
  size?: 'normal' | 'small';
};

export function Button({ variant = 'secondary', size = 'normal', class: className, type = 'button', ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      class={['button', `button--${variant}`, size === 'small' ? 'button--small' : '', className ?? ''].filter(Boolean).join(' ')}
      {...rest}
    />
  );
}

type FieldProps = {
  label: string;
  hint?: string;
  error?: string | null;
  children: (id: string, describedBy: string | undefined) => ComponentChildren;
};

/** A label, the control, and an optional hint and error tied to it. */
export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {children(id, describedBy)}
      {hint && (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

// Preact passes ref to function components as a prop: it reaches the element.
export function Input({ class: className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input class={['input', className ?? ''].filter(Boolean).join(' ')} {...props} />;
}

export function TextArea({ class: className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea class={['input', 'textarea', className ?? ''].filter(Boolean).join(' ')} {...props} />;
}

export function Select({ class: className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select class={['input', 'select', className ?? ''].filter(Boolean).join(' ')} {...props} />;
}

/** A link that downloads a same-origin file (an export), looking like a small button. */
export function DownloadLink({ children, class: className, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren }) {
  return (
    <a class={['button', 'button--ghost', 'button--small', className ?? ''].filter(Boolean).join(' ')} download {...rest}>
      <svg class="kind-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M8 2v8m0 0L4.8 6.8M8 10l3.2-3.2M3 13h10" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
      {children}
    </a>
  );
}

/**
 * A modal dialog on the platform's <dialog>: it traps focus, Esc closes it,
 * and focus goes back where it was when it closes.
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose(): void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus?.({ preventScroll: true });
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={wide ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div class="dialog__head">
        <h2 id={titleId} class="dialog__title">
          {title}
        </h2>
        <Button variant="ghost" size="small" class="dialog__close" aria-label="Close" aria-keyshortcuts="Escape" onClick={onClose}>
          ×
        </Button>
      </div>
      {children}
    </dialog>
  );
}

export function Card({ children, class: className, ...rest }: HTMLAttributes<HTMLElement> & { children?: ComponentChildren }) {
  return (
    <section class={['card', className ?? ''].filter(Boolean).join(' ')} {...rest}>
      {children}
    </section>
  );
}

export type BadgeTone = 'neutral' | 'comment' | 'claim' | 'role' | 'supports' | 'refutes' | 'context' | 'resolved' | 'warn';

export function Badge({ children, tone = 'neutral', ...rest }: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return (
    <span class={`badge badge--${tone}`} {...rest}>
      {children}
    </span>
  );
}

export function Toolbar({ children, label }: { children: ComponentChildren; label: string }) {
  return (
    <div class="toolbar" role="toolbar" aria-label={label}>
      {children}
    </div>
  );
}

/** Something that went right, or that the person should know, announced politely. */
export function Notice({ children, tone = 'info' }: { children: ComponentChildren; tone?: 'info' | 'ok' | 'warn' }) {
  return (
    <div class={`notice notice--${tone}`} role="status">
      {children}
    </div>
  );
}

/** An error the user should read: announced by screen readers as it appears. */
export function Alert({ children }: { children: ComponentChildren }) {
  return (
    <div class="alert" role="alert">
      {children}
    </div>
  );
}

const statusText: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Offline',
};

/**
 * The live connection's state, small and out of the way; offline when the
 * server does not answer requests, whatever the websocket thinks; and the
 * edits still waiting to be sent, if any.
 */
export function LiveIndicator({ status, reachable = true, waiting = 0, held = 0 }: { status: LiveStatus; reachable?: boolean; waiting?: number; held?: number }) {
  const shown = reachable ? status : 'offline';
  return (
    <span class="live-area">
      <span class={`live live--${shown}`} role="status" aria-live="polite" data-testid="live-status">
        <span class="live__dot" aria-hidden="true" />
        <span class="live__text">{reachable ? statusText[status] : 'Offline'}</span>
      </span>
      {(waiting > 0 || held > 0) && (
        <span class={`outbox-status${held > 0 ? ' outbox-status--held' : ''}`} role="status" data-testid="queue-status">
          {waiting > 0 && (waiting === 1 ? '1 edit waiting to be sent' : `${waiting} edits waiting to be sent`)}
          {waiting > 0 && held > 0 && ' · '}
          {held > 0 && (held === 1 ? '1 edit needs your choice' : `${held} edits need your choice`)}
        </span>
      )}
    </span>
  );
}

export function KindIcon({ kind }: { kind: 'comment' | 'claim' }) {
  // Comment: a speech bubble; claim: a check-mark in a seal. Shapes, not just colours.
  return kind === 'claim' ? (
    <svg class="kind-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M8 1.2 9.6 2.6l2.1-.2.6 2 1.8 1.1-.8 2 .8 2-1.8 1.1-.6 2-2.1-.2L8 14.8l-1.6-1.4-2.1.2-.6-2-1.8-1.1.8-2-.8-2 1.8-1.1.6-2 2.1.2z" fill="currentColor" opacity=".18" />
      <path d="m5.3 8.2 1.9 1.9 3.6-3.9" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  ) : (
    <svg class="kind-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round" />
    </svg>
  );
}
