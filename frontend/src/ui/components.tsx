// The one small set of controls every screen uses.
import type { ButtonHTMLAttributes, ComponentChildren, HTMLAttributes, InputHTMLAttributes, TextareaHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';
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

export function Input(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input class="input" {...props} />;
}

export function TextArea(props: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea class="input textarea" {...props} />;
}

export function Card({ children, class: className, ...rest }: HTMLAttributes<HTMLElement> & { children?: ComponentChildren }) {
  return (
    <section class={['card', className ?? ''].filter(Boolean).join(' ')} {...rest}>
      {children}
    </section>
  );
}

export function Badge({ children, tone = 'neutral', ...rest }: HTMLAttributes<HTMLSpanElement> & { tone?: 'neutral' | 'comment' | 'claim' | 'role' }) {
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

/** The live connection's state, small and out of the way. */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  return (
    <span class={`live live--${status}`} role="status" aria-live="polite" data-testid="live-status">
      <span class="live__dot" aria-hidden="true" />
      <span class="live__text">{statusText[status]}</span>
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
