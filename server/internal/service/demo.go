package service

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/google/uuid"

	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/ingest"
	"github.com/factdesk/factdesk/server/internal/password"
	"github.com/factdesk/factdesk/server/internal/store"
	"github.com/factdesk/factdesk/server/internal/wire"
)

// DemoWorkspace is the slug of the workspace seeded on a first start.
const DemoWorkspace = "demo"

// DemoLogin is one seeded account.
type DemoLogin struct {
	Email    string
	Password string
	Role     factcheck.Role
}

// demoArticle is a short article we wrote for the demo; the people and the
// town in it are invented.
const demoArticleTitle = "Mayor says city planted 30,000 trees in three years"

const demoArticleText = `Riverton's mayor, Dana Whitfield, told a town hall meeting on Tuesday that the city had "planted more than 30,000 trees since 2022", calling it the largest greening programme in the region's history.

Whitfield said the trees would absorb "about 650 tonnes of carbon dioxide every year" once mature, and that every neighbourhood had received at least 500 new street trees.

The city's parks department publishes an annual planting report. Its figures for 2022 and 2023 list 7,840 and 9,215 trees respectively; the report for 2024 has not yet been released.

Opposition councillor Sam Okafor questioned the claim, saying that several planting sites in the north of the city "are still bare soil".`

// SeedDemo creates the demo workspace, with an admin, an editor and a
// checker and one article, when the server has no workspace at all. Each
// account gets demoPassword, or a random password when it is empty. It
// returns the logins it created, or none when there was something already.
func (s *Service) SeedDemo(ctx context.Context, demoPassword string) ([]DemoLogin, error) {
	n, err := s.store.CountWorkspaces(ctx)
	if err != nil || n > 0 {
		return nil, err
	}
	people := []struct {
		email, name string
		role        factcheck.Role
	}{
		{"admin@factdesk.example", "Ada Admin", factcheck.RoleAdmin},
		{"editor@factdesk.example", "Eli Editor", factcheck.RoleEditor},
		{"checker@factdesk.example", "Cleo Checker", factcheck.RoleChecker},
	}
	content, err := ingest.PlainText(demoArticleText)
	if err != nil {
		return nil, err
	}
	var logins []DemoLogin
	err = s.store.Atomic(ctx, func(tx *store.Tx) error {
		logins = nil
		ws, err := tx.CreateWorkspace(ctx, DemoWorkspace, "Demo desk")
		if err != nil {
			return err
		}
		var checker factcheck.User
		for _, p := range people {
			pw := demoPassword
			if pw == "" {
				pw = randomPassword()
			}
			hash, err := password.Hash(pw, s.pwParams)
			if err != nil {
				return err
			}
			u, err := tx.CreateUser(ctx, p.email, p.name, hash)
			if err != nil {
				return err
			}
			if err := tx.SetMembership(ctx, ws.ID, u.ID, p.role); err != nil {
				return err
			}
			if p.role == factcheck.RoleChecker {
				checker = u
			}
			logins = append(logins, DemoLogin{Email: p.email, Password: pw, Role: p.role})
		}
		a := factcheck.Article{
			ID: uuid.NewString(), Workspace: ws, Title: demoArticleTitle,
			CreatedBy: factcheck.UserRef{ID: checker.ID, Name: checker.Name}, Version: 1,
			CurrentVersion: factcheck.ArticleVersion{ID: uuid.NewString(), Number: 1, ContentHash: content.Hash,
				HTML: content.HTML, Text: content.Text, Format: content.Format},
		}
		a.CreatedAt = nowUTC()
		a.UpdatedAt, a.CurrentVersion.CreatedAt = a.CreatedAt, a.CreatedAt
		if err := tx.CreateArticle(ctx, a, a.CurrentVersion); err != nil {
			return err
		}
		return tx.AppendEvent(ctx, factcheck.Event{WorkspaceID: ws.ID, ArticleID: a.ID, Actor: actorRef(checker),
			Type: factcheck.EventArticleCreated, Payload: eventPayload(wire.FromArticle(a))})
	})
	if err != nil {
		return nil, fmt.Errorf("seed demo workspace: %w", err)
	}
	return logins, nil
}

// randomPassword returns 26 random base32 characters (130 bits).
func randomPassword() string { return rand.Text() }
