// Where an article's content comes from, for a new article and for a new
// version of one: pasted text, Markdown or HTML; an uploaded file (read
// here in the browser and sent as {file: {name, content}}); a URL the server
// fetches; or, for a new version, the original URL fetched again.
import { useId, useState } from 'preact/hooks';
import type { CreateArticleVersionRequest } from '../api/client';
import { Field, Input, Select, TextArea } from '../ui/components';

export type SourceMode = 'paste' | 'file' | 'url' | 'refetch';
export type PasteFormat = 'text' | 'markdown' | 'html';

export interface SourceState {
  mode: SourceMode;
  format: PasteFormat;
  pasted: string;
  file: { name: string; content: string; size: number } | null;
  url: string;
}

export const emptySource = (mode: SourceMode = 'paste'): SourceState => ({ mode, format: 'text', pasted: '', file: null, url: '' });

export const ACCEPTED_FILES = '.html,.htm,.md,.markdown,.txt,text/html,text/markdown,text/plain';
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** The request's source part, or the message saying what is missing. */
export function sourceBody(source: SourceState): { body: CreateArticleVersionRequest } | { error: string; field: string } {
  switch (source.mode) {
    case 'paste':
      if (!source.pasted.trim()) return { error: 'Paste the article’s text.', field: 'text' };
      return { body: { [source.format]: source.pasted } };
    case 'file':
      if (!source.file) return { error: 'Choose a .html, .md or .txt file.', field: 'file' };
      return { body: { file: { name: source.file.name, content: source.file.content } } };
    case 'url': {
      const url = source.url.trim();
      if (!/^https?:\/\/\S+$/i.test(url)) return { error: 'Enter the article’s address, starting with http:// or https://.', field: 'url' };
      return { body: { url } };
    }
    case 'refetch':
      return { body: { refetch: true } };
  }
}

const modeLabels: Record<SourceMode, string> = {
  paste: 'Paste',
  file: 'Upload a file',
  url: 'From a URL',
  refetch: 'Fetch the original again',
};

const formatLabels: Record<PasteFormat, string> = { text: 'Plain text', markdown: 'Markdown', html: 'HTML' };

interface Props {
  source: SourceState;
  onChange(source: SourceState): void;
  /** The modes to offer, in order. */
  modes: SourceMode[];
  error?: { message: string; field?: string | undefined } | null;
  /** For refetch: the address that will be fetched again. */
  originalUrl?: string | null;
}

export function ArticleSourceFields({ source, onChange, modes, error, originalUrl }: Props) {
  const name = useId();
  const [reading, setReading] = useState<string | null>(null);
  const set = (patch: Partial<SourceState>) => onChange({ ...source, ...patch });
  const fieldError = (field: string) => (error?.field === field ? error.message : null);

  return (
    <div class="stack">
      <fieldset class="segmented">
        <legend class="field__label">Source</legend>
        {modes.map((mode) => (
          <label key={mode} class={`segmented__option${source.mode === mode ? ' segmented__option--checked' : ''}`}>
            <input type="radio" name={name} value={mode} checked={source.mode === mode} onChange={() => set({ mode })} />
            {modeLabels[mode]}
          </label>
        ))}
      </fieldset>

      {source.mode === 'paste' && (
        <>
          <Field label="Format">
            {(id) => (
              <Select id={id} value={source.format} onChange={(e) => set({ format: e.currentTarget.value as PasteFormat })}>
                {(Object.keys(formatLabels) as PasteFormat[]).map((format) => (
                  <option key={format} value={format}>
                    {formatLabels[format]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field
            label="Article text"
            hint={source.format === 'text' ? 'Separate paragraphs with a blank line.' : source.format === 'markdown' ? 'Markdown, as written.' : 'The page’s HTML; it is cleaned on the server.'}
            error={fieldError('text') ?? fieldError(source.format)}
          >
            {(id, describedBy) => (
              <TextArea
                id={id}
                name="text"
                rows={10}
                value={source.pasted}
                aria-describedby={describedBy}
                aria-invalid={error?.field === 'text' || error?.field === source.format}
                onInput={(e) => set({ pasted: e.currentTarget.value })}
              />
            )}
          </Field>
        </>
      )}

      {source.mode === 'file' && (
        <Field label="File to import" hint="A saved web page (.html), Markdown (.md) or plain text (.txt). It is read here and sent as text." error={fieldError('file') ?? reading}>
          {(id, describedBy) => (
            <>
              <input
                id={id}
                class="input input--file"
                type="file"
                accept={ACCEPTED_FILES}
                aria-describedby={describedBy}
                aria-invalid={error?.field === 'file'}
                onChange={async (e) => {
                  const file = e.currentTarget.files?.[0];
                  if (!file) {
                    set({ file: null });
                    return;
                  }
                  if (file.size > MAX_FILE_BYTES) {
                    setReading('That file is larger than 5 MB; an article should be much smaller.');
                    set({ file: null });
                    return;
                  }
                  setReading(null);
                  try {
                    set({ file: { name: file.name, content: await file.text(), size: file.size } });
                  } catch {
                    setReading('The file could not be read.');
                  }
                }}
              />
              {source.file && (
                <p class="field__hint" data-testid="file-chosen">
                  {source.file.name}, {Math.max(1, Math.round(source.file.size / 1024))} KB read.
                </p>
              )}
            </>
          )}
        </Field>
      )}

      {source.mode === 'url' && (
        <Field label="Article URL" hint="The server fetches the page and keeps its main text." error={fieldError('url')}>
          {(id, describedBy) => (
            <Input
              id={id}
              type="url"
              name="url"
              inputMode="url"
              placeholder="https://"
              value={source.url}
              aria-describedby={describedBy}
              aria-invalid={error?.field === 'url'}
              onInput={(e) => set({ url: e.currentTarget.value })}
            />
          )}
        </Field>
      )}

      {source.mode === 'refetch' && (
        <p class="field__hint source-refetch">
          The server fetches <span class="source-refetch__url">{originalUrl ?? 'the original address'}</span> again. If the text is unchanged, nothing is stored.
        </p>
      )}
    </div>
  );
}
