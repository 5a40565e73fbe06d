// The verdicts part of the API (openapi.yaml, tag `verdicts`): a claim's
// verdict on its way through review, the editor's queue, the checker's
// work, assignments, notifications and a claim's history.
import { call, changes, type Claim, creates, http, type Schemas, withRetry } from './client';

export type Verdict = Schemas['Verdict'];
export type VerdictRef = Schemas['VerdictRef'];
export type VerdictState = Schemas['VerdictState'];
export type VerdictAction = Schemas['VerdictAction'];
export type VerdictDetail = Schemas['VerdictDetail'];
export type VerdictRequest = Schemas['VerdictRequest'];
export type VerdictListItem = Schemas['VerdictListItem'];
export type MyWork = Schemas['MyWork'];
export type Notification = Schemas['Notification'];
export type NotificationList = Schemas['NotificationList'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type DiffPart = Schemas['DiffPart'];
export type Publication = Schemas['Publication'];

/** The transitions POST /transitions takes (a correction has its own endpoint). */
export type Transition = Exclude<VerdictAction, 'correct'>;

export interface CorrectionRequest {
  rating: string;
  rationale: string;
  evidenceIds: string[];
  note: string;
}

export const verdictApi = {
  async list(workspace: string, query: { state?: VerdictState; author?: string } = {}): Promise<VerdictListItem[]> {
    return (await call(http.GET('/api/workspaces/{workspace}/verdicts', { params: { path: { workspace }, query } }))).verdicts;
  },
  myWork(workspace: string): Promise<MyWork> {
    return call(http.GET('/api/workspaces/{workspace}/my-work', { params: { path: { workspace } } }));
  },
  notifications(workspace: string): Promise<NotificationList> {
    return call(http.GET('/api/workspaces/{workspace}/notifications', { params: { path: { workspace } } }));
  },
  /** Marks the given notifications read, or all of mine in the workspace; returns how many are still unread. */
  async markRead(workspace: string, ids?: string[]): Promise<number> {
    const body = ids ? { ids } : {};
    return (await call(http.POST('/api/workspaces/{workspace}/notifications/read', { params: { path: { workspace }, header: changes() }, body }))).unread;
  },
  create(claim: string, body: VerdictRequest, idempotencyKey: string): Promise<Verdict> {
    return withRetry(() => call(http.POST('/api/claims/{claim}/verdict', { params: { path: { claim }, header: creates(idempotencyKey) }, body })));
  },
  assign(claim: string, assigneeId: string | null, version: number): Promise<Claim> {
    return call(http.PUT('/api/claims/{claim}/assignee', { params: { path: { claim }, header: changes() }, body: { assigneeId, version } }));
  },
  async history(claim: string): Promise<HistoryEntry[]> {
    return (await call(http.GET('/api/claims/{claim}/history', { params: { path: { claim } } }))).entries;
  },
  get(verdict: string): Promise<VerdictDetail> {
    return call(http.GET('/api/verdicts/{verdict}', { params: { path: { verdict } } }));
  },
  update(verdict: string, body: VerdictRequest & { version: number }): Promise<Verdict> {
    return call(http.PATCH('/api/verdicts/{verdict}', { params: { path: { verdict }, header: changes() }, body }));
  },
  /** Moves the verdict on, based on the version the person saw (a stale one is a StaleError). */
  transition(verdict: string, action: Transition, version: number, comment?: string): Promise<Verdict> {
    const body = comment === undefined ? { action, version } : { action, version, comment };
    return call(http.POST('/api/verdicts/{verdict}/transitions', { params: { path: { verdict }, header: changes() }, body }));
  },
  correct(verdict: string, body: CorrectionRequest, version: number): Promise<Verdict> {
    return call(http.POST('/api/verdicts/{verdict}/corrections', { params: { path: { verdict }, header: changes() }, body: { ...body, version } }));
  },
};
