package httpapi_test

import (
	"strings"
	"testing"
)

type verdictView struct {
	ID            string
	ClaimID       string
	State         string
	Rating        string
	Rationale     string
	EvidenceIDs   []string
	Author        struct{ ID, Name string }
	Reviewer      *struct{ ID, Name string }
	ReviewComment string
	SentBackBy    *struct{ ID, Name string }
	Publications  int
	PublicURL     *string
	Version       int
}

// claimWithEvidence makes a claim from a highlight of a new article in
// the desk, with one piece of evidence; it returns the claim's and the
// evidence's ids.
func claimWithEvidence(t *testing.T, checker *client) (claimID, evidenceID string) {
	t.Helper()
	articleID, version := createArticle(t, checker, "desk")
	a := mustAnnotate(t, checker, articleID, version, "30,000 emails are missing", nil)
	res := checker.do("POST", "/api/workspaces/desk/claims", map[string]any{"statement": "30,000 emails are missing", "claimant": "The senator",
		"annotationId": a.ID}, nil)
	if res.Status != 201 {
		t.Fatalf("claim: %d %s", res.Status, res.Body)
	}
	var claim struct{ ID string }
	res.decode(&claim)
	res = checker.do("POST", "/api/claims/"+claim.ID+"/evidence", map[string]any{"url": "https://archive.example/report", "title": "Archive report",
		"stance": "refutes"}, nil)
	if res.Status != 201 {
		t.Fatalf("evidence: %d %s", res.Status, res.Body)
	}
	var ev struct{ ID string }
	res.decode(&ev)
	return claim.ID, ev.ID
}

// act makes a transition and returns the response and the verdict.
func act(c *client, id, action string, version int, comment string) (response, verdictView) {
	body := map[string]any{"action": action, "version": version}
	if comment != "" {
		body["comment"] = comment
	}
	res := c.do("POST", "/api/verdicts/"+id+"/transitions", body, nil)
	var v verdictView
	if res.Status == 200 {
		res.decode(&v)
	}
	return res, v
}

func TestVerdictReviewAndPublication(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	admin := ts.login(t, "admin@desk.test")
	viewer := ts.login(t, "viewer@desk.test")
	outsider := ts.login(t, "checker@other.test")
	claimID, evidenceID := claimWithEvidence(t, checker)

	// A viewer may not draft; an outsider does not see the claim.
	if res := viewer.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{}, nil); res.Status != 403 {
		t.Fatalf("viewer drafts: %d %s", res.Status, res.Body)
	}
	if res := outsider.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{}, nil); res.Status != 404 {
		t.Fatalf("outsider drafts: %d %s", res.Status, res.Body)
	}
	// A rating not on the scale is refused.
	res := checker.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{"rating": "Pants on fire"}, nil)
	if res.Status != 422 || res.errorField() != "rating" {
		t.Fatalf("rating off the scale: %d %s", res.Status, res.Body)
	}
	// Evidence of another claim is refused.
	res = checker.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{"evidenceIds": []string{"00000000-0000-4000-8000-000000000000"}}, nil)
	if res.Status != 422 || res.errorField() != "evidenceIds" {
		t.Fatalf("foreign evidence: %d %s", res.Status, res.Body)
	}

	// An empty draft, then a submission missing what it needs: 422 naming it.
	res = checker.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{"rating": "false"}, nil)
	var v verdictView
	res.decode(&v)
	if res.Status != 201 || v.State != "draft" || v.Rating != "False" || v.Version != 1 {
		t.Fatalf("draft: %d %s", res.Status, res.Body)
	}
	if res := checker.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{}, nil); res.Status != 409 {
		t.Fatalf("second verdict: %d %s", res.Status, res.Body)
	}
	res, _ = act(checker, v.ID, "submit", 1, "")
	if res.Status != 422 || res.errorField() != "rationale" || !strings.Contains(string(res.Body), "at least one piece of evidence") {
		t.Fatalf("submit without rationale and evidence: %d %s", res.Status, res.Body)
	}
	// The state is not a field anyone sets.
	if res := checker.do("PATCH", "/api/verdicts/"+v.ID, map[string]any{"version": 1, "state": "approved"}, nil); res.Status != 400 || res.errorField() != "state" {
		t.Fatalf("setting the state: %d %s", res.Status, res.Body)
	}
	res = checker.do("PATCH", "/api/verdicts/"+v.ID, map[string]any{"version": 1, "rationale": "The archive holds all of them.",
		"evidenceIds": []string{evidenceID}}, nil)
	res.decode(&v)
	if res.Status != 200 || v.Version != 2 || len(v.EvidenceIDs) != 1 {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}
	// An illegal transition names the current state.
	if res, _ := act(editor, v.ID, "approve", 2, ""); res.Status != 409 || !strings.Contains(string(res.Body), "draft") {
		t.Fatalf("approve a draft: %d %s", res.Status, res.Body)
	}
	res, v = act(checker, v.ID, "submit", 2, "")
	if res.Status != 200 || v.State != "in_review" {
		t.Fatalf("submit: %d %s", res.Status, res.Body)
	}

	// The queue has it; the author cannot edit it in review.
	var queue struct {
		Verdicts []struct {
			Verdict verdictView
			Claim   struct{ Statement string }
			Article *struct{ Title string }
		}
	}
	editor.do("GET", "/api/workspaces/desk/verdicts?state=in_review", nil, nil).decode(&queue)
	if len(queue.Verdicts) != 1 || queue.Verdicts[0].Claim.Statement != "30,000 emails are missing" || queue.Verdicts[0].Article == nil ||
		queue.Verdicts[0].Article.Title != "Emails" {
		t.Fatalf("queue: %+v", queue)
	}
	if res := checker.do("PATCH", "/api/verdicts/"+v.ID, map[string]any{"version": 3, "rationale": "x"}, nil); res.Status != 409 {
		t.Fatalf("edit in review: %d %s", res.Status, res.Body)
	}
	// The checker may not approve; sending back needs a comment.
	if res, _ := act(checker, v.ID, "approve", 3, ""); res.Status != 403 {
		t.Fatalf("checker approves: %d %s", res.Status, res.Body)
	}
	if res, _ := act(editor, v.ID, "send_back", 3, ""); res.Status != 422 || res.errorField() != "comment" {
		t.Fatalf("send back without comment: %d %s", res.Status, res.Body)
	}
	res, v = act(editor, v.ID, "send_back", 3, "Say which archive.")
	if res.Status != 200 || v.State != "changes_requested" || v.ReviewComment != "Say which archive." || v.SentBackBy == nil ||
		v.SentBackBy.Name != "editor of desk" {
		t.Fatalf("send back: %d %s", res.Status, res.Body)
	}
	var notes struct {
		Notifications []struct{ Kind, Comment, ClaimStatement string }
		Unread        int
	}
	checker.do("GET", "/api/workspaces/desk/notifications", nil, nil).decode(&notes)
	if notes.Unread != 1 || notes.Notifications[0].Kind != "sent_back" || notes.Notifications[0].Comment != "Say which archive." {
		t.Fatalf("checker's notifications: %+v", notes)
	}
	var work struct {
		SentBack []struct{ Verdict verdictView }
	}
	checker.do("GET", "/api/workspaces/desk/my-work", nil, nil).decode(&work)
	if len(work.SentBack) != 1 || work.SentBack[0].Verdict.ID != v.ID {
		t.Fatalf("my work: %+v", work)
	}
	res = checker.do("PATCH", "/api/verdicts/"+v.ID, map[string]any{"version": 4, "rationale": "The State Archive holds all of them."}, nil)
	res.decode(&v)
	res, v = act(checker, v.ID, "submit", 5, "")
	if res.Status != 200 || v.State != "in_review" {
		t.Fatalf("resubmit: %d %s", res.Status, res.Body)
	}

	// The second editor approves and publishes; a viewer sees none of the
	// actions offered.
	res, v = act(admin, v.ID, "approve", 6, "")
	if res.Status != 200 || v.State != "approved" || v.Reviewer == nil || v.Reviewer.Name != "admin of desk" {
		t.Fatalf("approve: %d %s", res.Status, res.Body)
	}
	var detail struct {
		Actions []string
		MayEdit bool
	}
	viewer.do("GET", "/api/verdicts/"+v.ID, nil, nil).decode(&detail)
	if len(detail.Actions) != 0 || detail.MayEdit {
		t.Fatalf("viewer is offered %+v", detail)
	}
	res, v = act(editor, v.ID, "publish", 7, "")
	if res.Status != 200 || v.State != "published" || v.Publications != 1 || v.PublicURL == nil {
		t.Fatalf("publish: %d %s", res.Status, res.Body)
	}
	if res, _ := act(editor, v.ID, "publish", 8, ""); res.Status != 409 || !strings.Contains(string(res.Body), "published") {
		t.Fatalf("publish twice: %d %s", res.Status, res.Body)
	}

	// A correction needs a note, adds a version, and keeps the first.
	if res := editor.do("POST", "/api/verdicts/"+v.ID+"/corrections", map[string]any{"version": 8, "note": " "}, nil); res.Status != 422 ||
		res.errorField() != "note" {
		t.Fatalf("correction without note: %d %s", res.Status, res.Body)
	}
	if res := checker.do("POST", "/api/verdicts/"+v.ID+"/corrections", map[string]any{"version": 8, "note": "x"}, nil); res.Status != 403 {
		t.Fatalf("checker corrects: %d %s", res.Status, res.Body)
	}
	res = editor.do("POST", "/api/verdicts/"+v.ID+"/corrections", map[string]any{"version": 8, "rating": "Mostly false",
		"note": "The archive found 12 of the emails."}, nil)
	res.decode(&v)
	if res.Status != 200 || v.Publications != 2 || v.Rating != "Mostly false" {
		t.Fatalf("correct: %d %s", res.Status, res.Body)
	}
	var published struct {
		Publications []struct {
			Number         int
			Rating         struct{ Label string }
			CorrectionNote string
			BestRating     *int
		}
	}
	viewer.do("GET", "/api/verdicts/"+v.ID, nil, nil).decode(&published)
	if len(published.Publications) != 2 || published.Publications[0].Rating.Label != "False" || published.Publications[1].Rating.Label != "Mostly false" ||
		published.Publications[1].CorrectionNote == "" || *published.Publications[0].BestRating != 5 {
		t.Fatalf("publications: %+v", published)
	}

	// The history tells the whole story, with the rationale's differences.
	var hist struct {
		Entries []struct {
			Type, Summary, Comment string
			RationaleDiff          []struct{ Op, Text string }
		}
	}
	viewer.do("GET", "/api/claims/"+claimID+"/history", nil, nil).decode(&hist)
	var types []string
	sawDiff := false
	for _, e := range hist.Entries {
		types = append(types, e.Type)
		for _, p := range e.RationaleDiff {
			if p.Op == "insert" && strings.Contains(p.Text, "State") {
				sawDiff = true
			}
		}
	}
	want := "claim.created annotation.updated evidence.created verdict.created verdict.updated verdict.in_review verdict.changes_requested verdict.updated " +
		"verdict.in_review verdict.approved verdict.published verdict.corrected"
	if strings.Join(types, " ") != want || !sawDiff {
		t.Fatalf("history:\n got %s\nwant %s\n(diff seen: %v)", strings.Join(types, " "), want, sawDiff)
	}
}

func TestFourEyes(t *testing.T) {
	ts := newTestServer(t)
	editor := ts.login(t, "editor@desk.test")
	admin := ts.login(t, "admin@desk.test")
	claimID, evidenceID := claimWithEvidence(t, editor)
	res := editor.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{"rating": "True", "rationale": "Yes.", "evidenceIds": []string{evidenceID}}, nil)
	var v verdictView
	res.decode(&v)
	if res, _ := act(editor, v.ID, "submit", 1, ""); res.Status != 200 {
		t.Fatalf("submit: %d %s", res.Status, res.Body)
	}
	// The author, an editor, may not approve their own verdict.
	var detail struct{ Actions []string }
	editor.do("GET", "/api/verdicts/"+v.ID, nil, nil).decode(&detail)
	if strings.Contains(strings.Join(detail.Actions, ","), "approve") {
		t.Fatalf("the author is offered approve: %v", detail.Actions)
	}
	if res, _ := act(editor, v.ID, "approve", 2, ""); res.Status != 403 {
		t.Fatalf("author approves: %d %s", res.Status, res.Body)
	}
	if res, _ := act(admin, v.ID, "approve", 2, ""); res.Status != 200 {
		t.Fatalf("another editor approves: %d %s", res.Status, res.Body)
	}

	// An editor who rewrote a checker's draft helped write it: they may not
	// approve it either.
	checker := ts.login(t, "checker@desk.test")
	claimID, evidenceID = claimWithEvidence(t, checker)
	res = checker.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{"rating": "True", "rationale": "Yes.", "evidenceIds": []string{evidenceID}}, nil)
	res.decode(&v)
	if res := editor.do("PATCH", "/api/verdicts/"+v.ID, map[string]any{"version": 1, "rationale": "Yes, says the archive."}, nil); res.Status != 200 {
		t.Fatalf("editor edits the draft: %d %s", res.Status, res.Body)
	}
	if res, _ := act(checker, v.ID, "submit", 2, ""); res.Status != 200 {
		t.Fatalf("submit: %d %s", res.Status, res.Body)
	}
	if res, _ := act(editor, v.ID, "approve", 3, ""); res.Status != 403 || !strings.Contains(string(res.Body), "helped write") {
		t.Fatalf("a contributing editor approves: %d %s", res.Status, res.Body)
	}
	if res, _ := act(admin, v.ID, "approve", 3, ""); res.Status != 200 {
		t.Fatalf("an editor who did not write it approves: %d %s", res.Status, res.Body)
	}
}

func TestAssignmentAndSettings(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	admin := ts.login(t, "admin@desk.test")
	claimID, _ := claimWithEvidence(t, checker)
	var me struct{ User struct{ ID string } }
	checker.do("GET", "/api/session", nil, nil).decode(&me)

	if res := checker.do("PUT", "/api/claims/"+claimID+"/assignee", map[string]any{"assigneeId": me.User.ID, "version": 1}, nil); res.Status != 403 {
		t.Fatalf("checker assigns: %d %s", res.Status, res.Body)
	}
	res := editor.do("PUT", "/api/claims/"+claimID+"/assignee", map[string]any{"assigneeId": me.User.ID, "version": 1}, nil)
	var claim struct {
		Assignee *struct{ Name string }
		Version  int
	}
	res.decode(&claim)
	if res.Status != 200 || claim.Assignee == nil || claim.Assignee.Name != "checker of desk" || claim.Version != 2 {
		t.Fatalf("assign: %d %s", res.Status, res.Body)
	}
	var work struct{ Assigned []struct{ ID string } }
	checker.do("GET", "/api/workspaces/desk/my-work", nil, nil).decode(&work)
	if len(work.Assigned) != 1 || work.Assigned[0].ID != claimID {
		t.Fatalf("assigned: %+v", work)
	}
	var notes struct {
		Notifications []struct{ ID, Kind string }
		Unread        int
	}
	checker.do("GET", "/api/workspaces/desk/notifications", nil, nil).decode(&notes)
	if notes.Unread != 1 || notes.Notifications[0].Kind != "assigned" {
		t.Fatalf("notifications: %+v", notes)
	}
	if res := checker.do("POST", "/api/workspaces/desk/notifications/read", map[string]any{}, nil); res.Status != 200 || !strings.Contains(string(res.Body), `"unread":0`) {
		t.Fatalf("mark read: %d %s", res.Status, res.Body)
	}

	// Settings: admins only; a bad scale names the field and changes nothing.
	var settings struct {
		RatingScale []map[string]any
		Version     int
	}
	checker.do("GET", "/api/workspaces/desk/settings", nil, nil).decode(&settings)
	if len(settings.RatingScale) != 8 || settings.Version < 1 {
		t.Fatalf("default settings: %+v", settings)
	}
	body := map[string]any{"organisation": map[string]any{"name": "Desk Checks", "url": "https://desk.example"},
		"ratingScale": settings.RatingScale, "version": settings.Version}
	if res := editor.do("PUT", "/api/workspaces/desk/settings", body, nil); res.Status != 403 {
		t.Fatalf("editor changes settings: %d %s", res.Status, res.Body)
	}
	bad := append([]map[string]any{}, settings.RatingScale...)
	bad[1] = map[string]any{"label": "True", "value": 4, "colour": "#000000", "onScale": true}
	if res := admin.do("PUT", "/api/workspaces/desk/settings", map[string]any{"organisation": body["organisation"], "ratingScale": bad,
		"version": settings.Version}, nil); res.Status != 422 || res.errorField() != "ratingScale[1].label" {
		t.Fatalf("duplicate label: %d %s", res.Status, res.Body)
	}
	if res := admin.do("PUT", "/api/workspaces/desk/settings", map[string]any{"organisation": map[string]any{"name": "x", "url": "javascript:alert(1)"},
		"ratingScale": settings.RatingScale, "version": settings.Version}, nil); res.Status != 422 || res.errorField() != "organisation.url" {
		t.Fatalf("javascript url: %d %s", res.Status, res.Body)
	}
	if res := admin.do("PUT", "/api/workspaces/desk/settings", body, nil); res.Status != 200 || !strings.Contains(string(res.Body), "Desk Checks") {
		t.Fatalf("save settings: %d %s", res.Status, res.Body)
	}
	if res := admin.do("PUT", "/api/workspaces/desk/settings", body, nil); res.Status != 412 {
		t.Fatalf("stale settings: %d %s", res.Status, res.Body)
	}
}

func TestPublicPageAndFeed(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	anonymous := ts.anonymous(t)
	claimID, evidenceID := claimWithEvidence(t, checker)
	res := checker.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{"rating": "False", "rationale": "The archive has *all* of them.",
		"evidenceIds": []string{evidenceID}}, nil)
	var v verdictView
	res.decode(&v)
	page := "/fact-checks/" + v.ID

	// Not published: not found, to everyone.
	if res := anonymous.do("GET", page, nil, nil); res.Status != 404 {
		t.Fatalf("unpublished page: %d %s", res.Status, res.Body)
	}
	act(checker, v.ID, "submit", 1, "")
	act(editor, v.ID, "approve", 2, "")
	if res := anonymous.do("GET", page, nil, nil); res.Status != 404 {
		t.Fatalf("approved but unpublished page: %d", res.Status)
	}
	if res, _ := act(editor, v.ID, "publish", 3, ""); res.Status != 200 {
		t.Fatalf("publish: %d %s", res.Status, res.Body)
	}

	res = anonymous.do("GET", page, nil, nil)
	body := string(res.Body)
	if res.Status != 200 || !strings.Contains(body, `<script type="application/ld+json">`) || !strings.Contains(body, "30,000 emails are missing") ||
		!strings.Contains(body, "<em>all</em>") || !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("public page: %d %s\n%s", res.Status, res.Header, body)
	}
	if res := anonymous.do("GET", "/fact-checks/page.css", nil, nil); res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %s", res.Status, res.Header)
	}
	if res := anonymous.do("GET", "/fact-checks/not-a-verdict", nil, nil); res.Status != 404 {
		t.Fatalf("malformed id: %d", res.Status)
	}

	// The feed lists it; another workspace's feed does not; an unknown one is 404.
	res = anonymous.do("GET", "/api/public/workspaces/desk/claim-reviews", nil, nil)
	var feed struct {
		Type     string `json:"@type"`
		Elements []struct {
			Type          string `json:"@type"`
			ClaimReviewed string
			URL           string
		} `json:"dataFeedElement"`
	}
	res.decode(&feed)
	if res.Status != 200 || feed.Type != "DataFeed" || len(feed.Elements) != 1 || feed.Elements[0].Type != "ClaimReview" ||
		!strings.HasSuffix(feed.Elements[0].URL, page) {
		t.Fatalf("feed: %d %s", res.Status, res.Body)
	}
	res = anonymous.do("GET", "/api/public/workspaces/other/claim-reviews", nil, nil)
	res.decode(&feed)
	if res.Status != 200 || len(feed.Elements) != 0 {
		t.Fatalf("other workspace's feed: %d %s", res.Status, res.Body)
	}
	if res := anonymous.do("GET", "/api/public/workspaces/nowhere/claim-reviews", nil, nil); res.Status != 404 {
		t.Fatalf("unknown workspace's feed: %d", res.Status)
	}
	if res := anonymous.do("GET", "/api/public/workspaces/desk/claim-reviews?page=0", nil, nil); res.Status != 400 {
		t.Fatalf("page 0: %d", res.Status)
	}
}

func TestDashboard(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	viewer := ts.login(t, "viewer@desk.test")
	outsider := ts.login(t, "checker@other.test")
	claimID, evidenceID := claimWithEvidence(t, checker)
	res := checker.do("POST", "/api/claims/"+claimID+"/verdict", map[string]any{"rating": "Misleading", "rationale": "Out of context.",
		"evidenceIds": []string{evidenceID}}, nil)
	var v verdictView
	res.decode(&v)
	act(checker, v.ID, "submit", 1, "")
	act(editor, v.ID, "approve", 2, "")
	act(editor, v.ID, "publish", 3, "")
	if res := checker.do("POST", "/api/workspaces/desk/claims", map[string]any{"statement": "Another claim"}, nil); res.Status != 201 {
		t.Fatalf("second claim: %d", res.Status)
	}

	type count struct {
		Key   string
		Count int
	}
	var d struct {
		Claims               int
		ClaimsWithoutVerdict int
		VerdictsByState      []count
		VerdictsByRating     []count
		ClaimsByWeek         []count
		Publication          struct {
			Published   int
			MedianHours *float64
			Buckets     []count
		}
	}
	res = viewer.do("GET", "/api/workspaces/desk/dashboard", nil, nil)
	res.decode(&d)
	byKey := func(cs []count) map[string]int {
		m := map[string]int{}
		for _, c := range cs {
			m[c.Key] = c.Count
		}
		return m
	}
	weekTotal := 0
	for _, w := range d.ClaimsByWeek {
		weekTotal += w.Count
	}
	if res.Status != 200 || d.Claims != 2 || d.ClaimsWithoutVerdict != 1 || byKey(d.VerdictsByState)["published"] != 1 ||
		byKey(d.VerdictsByRating)["Misleading"] != 1 || len(d.ClaimsByWeek) != 12 || weekTotal != 2 ||
		d.Publication.Published != 1 || d.Publication.MedianHours == nil || byKey(d.Publication.Buckets)["6h"] != 1 {
		t.Fatalf("dashboard: %d %s", res.Status, res.Body)
	}
	if d.VerdictsByState[0].Key != "draft" || d.VerdictsByRating[0].Key != "True" {
		t.Fatalf("order: %+v %+v", d.VerdictsByState, d.VerdictsByRating)
	}

	// One article's dashboard counts only its claims.
	var articles struct{ Articles []struct{ ID string } }
	viewer.do("GET", "/api/workspaces/desk/articles", nil, nil).decode(&articles)
	res = viewer.do("GET", "/api/workspaces/desk/dashboard?article="+articles.Articles[0].ID, nil, nil)
	res.decode(&d)
	if res.Status != 200 || d.Claims != 1 || d.ClaimsWithoutVerdict != 0 {
		t.Fatalf("article dashboard: %d %s", res.Status, res.Body)
	}
	if res := outsider.do("GET", "/api/workspaces/other/dashboard?article="+articles.Articles[0].ID, nil, nil); res.Status != 404 {
		t.Fatalf("another workspace's article: %d %s", res.Status, res.Body)
	}
	if res := outsider.do("GET", "/api/workspaces/desk/dashboard", nil, nil); res.Status != 404 {
		t.Fatalf("outsider: %d", res.Status)
	}
}

func TestFeedPages(t *testing.T) {
	ts := newTestServer(t)
	checker := ts.login(t, "checker@desk.test")
	editor := ts.login(t, "editor@desk.test")
	anonymous := ts.anonymous(t)
	const published = 23
	for i := range published {
		var claim, ev struct{ ID string }
		checker.do("POST", "/api/workspaces/desk/claims", map[string]any{"statement": "Claim number " + string(rune('A'+i))}, nil).decode(&claim)
		checker.do("POST", "/api/claims/"+claim.ID+"/evidence", map[string]any{"url": "https://example.org/", "stance": "context"}, nil).decode(&ev)
		var v verdictView
		checker.do("POST", "/api/claims/"+claim.ID+"/verdict", map[string]any{"rating": "True", "rationale": "Yes.", "evidenceIds": []string{ev.ID}}, nil).decode(&v)
		act(checker, v.ID, "submit", 1, "")
		act(editor, v.ID, "approve", 2, "")
		if res, _ := act(editor, v.ID, "publish", 3, ""); res.Status != 200 {
			t.Fatalf("publish %d: %d %s", i, res.Status, res.Body)
		}
	}
	var statements []string
	next := "/api/public/workspaces/desk/claim-reviews"
	for pages := 0; next != ""; pages++ {
		if pages > 2 {
			t.Fatal("the feed does not end")
		}
		res := anonymous.do("GET", next, nil, nil)
		var feed struct {
			Elements []struct{ ClaimReviewed string } `json:"dataFeedElement"`
		}
		res.decode(&feed)
		for _, e := range feed.Elements {
			statements = append(statements, e.ClaimReviewed)
		}
		next = ""
		if link := res.Header.Get("Link"); strings.Contains(link, `rel="next"`) {
			next = link[strings.Index(link, "/api/"):strings.Index(link, ">")]
		}
	}
	if len(statements) != published || statements[0] != "Claim number "+string(rune('A'+published-1)) || statements[published-1] != "Claim number A" {
		t.Fatalf("feed, newest first, over pages: %q", statements)
	}
}
