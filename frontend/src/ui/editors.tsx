// The two richer inputs the desk's forms share: a Markdown note with a
// Write/Preview toggle (the preview is rendered and sanitized exactly as the
// note will be), and tags with autocomplete from the workspace's tags.
import type { Ref } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { api, type TagCount } from '../api/client';
import { renderNote } from '../markdown';
import { addTag, suggestTags } from '../state/tags';
import { TextArea } from './components';

interface MarkdownEditorProps {
  label: string;
  value: string;
  onInput(value: string): void;
  rows?: number;
  hint?: string;
  textareaRef?: Ref<HTMLTextAreaElement>;
  required?: boolean;
  error?: string | null;
}

export function MarkdownEditor({ label, value, onInput, rows = 4, hint, textareaRef, required, error }: MarkdownEditorProps) {
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const preview = useMemo(() => (mode === 'preview' ? renderNote(value) : ''), [mode, value]);
  const local = useRef<HTMLTextAreaElement | null>(null);
  const setRef = (element: HTMLTextAreaElement | null) => {
    local.current = element;
    if (typeof textareaRef === 'function') textareaRef(element);
    else if (textareaRef) textareaRef.current = element;
  };
  const show = (next: 'write' | 'preview') => {
    setMode(next);
    if (next === 'write') requestAnimationFrame(() => local.current?.focus());
  };
  return (
    <div class="field md-editor">
      <div class="md-editor__bar">
        <label class="field__label" for={id}>
          {label}
        </label>
        <div class="md-editor__modes" role="group" aria-label="Write or preview">
          <button type="button" class="md-editor__mode" aria-pressed={mode === 'write'} onClick={() => show('write')}>
            Write
          </button>
          <button type="button" class="md-editor__mode" aria-pressed={mode === 'preview'} onClick={() => show('preview')}>
            Preview
          </button>
        </div>
      </div>
      <TextArea
        id={id}
        ref={setRef}
        rows={rows}
        value={value}
        hidden={mode === 'preview'}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {mode === 'preview' && (
        <div class="md-editor__preview prose" role="region" aria-label="Preview" data-testid="markdown-preview">
          {value.trim() === '' ? <p class="md-editor__empty">Nothing to preview.</p> : <div dangerouslySetInnerHTML={{ __html: preview }} />}
        </div>
      )}
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

interface TagInputProps {
  workspace: string;
  tags: string[];
  onChange(tags: string[]): void;
  /** Kept current with what is typed but not yet added, so a save can include it. */
  pending?: { current: string };
  label?: string;
}

export function TagInput({ workspace, tags, onChange, pending, label = 'Tags' }: TagInputProps) {
  const id = useId();
  const listId = `${id}-list`;
  const [typed, setTyped] = useState('');
  const [known, setKnown] = useState<TagCount[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (pending) pending.current = typed;
  }, [typed, pending]);

  // Ask the server for the workspace's tags starting with what is typed.
  useEffect(() => {
    if (!open) return;
    let current = true;
    const timer = setTimeout(() => {
      api.listTags(workspace, typed.trim() || undefined).then(
        (list) => {
          if (!current) return;
          setKnown((previous) => {
            const merged = new Map(previous.map((t) => [t.tag, t]));
            for (const t of list) merged.set(t.tag, t);
            return [...merged.values()];
          });
        },
        () => {},
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [workspace, typed, open]);

  const suggestions = useMemo(() => suggestTags(known, typed, tags), [known, typed, tags]);
  const expanded = open && suggestions.length > 0;

  const add = (raw: string) => {
    const next = addTag(tags, raw);
    if (next.length !== tags.length) onChange(next);
    setTyped('');
    setActive(-1);
  };

  return (
    <div class="field tag-input">
      <label class="field__label" for={id}>
        {label}
      </label>
      <div class="tag-input__box" onClick={() => inputRef.current?.focus()}>
        {tags.length > 0 && (
          <ul class="tag-input__chips" aria-label="Tag list">
            {tags.map((tag) => (
              <li key={tag} class="tag tag--removable">
                <span>{tag}</span>
                <button type="button" class="tag__remove" aria-label={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((t) => t !== tag))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          id={id}
          ref={inputRef}
          class="tag-input__input"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          value={typed}
          maxLength={60}
          placeholder={tags.length === 0 ? 'Add a tag…' : ''}
          onInput={(e) => {
            const value = e.currentTarget.value;
            if (value.includes(',')) {
              let next = tags;
              for (const part of value.split(',').slice(0, -1)) next = addTag(next, part);
              if (next.length !== tags.length) onChange(next);
              setTyped(value.split(',').at(-1) ?? '');
            } else {
              setTyped(value);
            }
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            if (typed.trim()) add(typed);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setOpen(true);
              if (suggestions.length > 0) {
                const n = suggestions.length;
                setActive((i) => (e.key === 'ArrowDown' ? (i >= n - 1 ? 0 : i + 1) : i <= 0 ? n - 1 : i - 1));
              }
            } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
              const choice = expanded && active >= 0 ? suggestions[active] : undefined;
              if (choice || typed.trim()) {
                e.preventDefault();
                add(choice ? choice.tag : typed);
              }
            } else if (e.key === 'Enter') {
              // Ctrl+Enter saves the form: take what is typed along.
              if (typed.trim()) add(typed);
            } else if (e.key === 'Escape' && expanded) {
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
            } else if (e.key === 'Backspace' && typed === '' && tags.length > 0) {
              onChange(tags.slice(0, -1));
            }
          }}
        />
      </div>
      <ul id={listId} role="listbox" class="tag-input__list" aria-label="Tag suggestions" hidden={!expanded}>
        {suggestions.map((s, i) => (
          <li
            key={s.tag}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            class={i === active ? 'tag-input__option tag-input__option--active' : 'tag-input__option'}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => add(s.tag)}
          >
            <span>{s.tag}</span>
            <span class="tag-input__count">{s.count}</span>
          </li>
        ))}
      </ul>
      <p class="field__hint" id={`${id}-hint`}>
        Enter or comma adds a tag; arrows choose a known one.
      </p>
    </div>
  );
}
