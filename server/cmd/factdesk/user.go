package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/factdesk/factdesk/server/internal/service"
)

// user runs `factdesk user add` and `factdesk user disable`.
func user(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "disable" {
		return userDisable(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: factdesk user add --email E --name N --workspace SLUG --role viewer|checker|editor|admin\n" +
			"       factdesk user disable --email E")
	}
	fs := newFlagSet("user add", stdout, stderr)
	var in service.AddUserInput
	fs.StringVar(&in.Email, "email", "", "the user's email, used to log in (required)")
	fs.StringVar(&in.Name, "name", "", "the user's name as colleagues see it (required)")
	fs.StringVar(&in.Workspace, "workspace", "", "slug of the workspace to add them to; created if missing (required)")
	fs.StringVar(&in.WorkspaceName, "workspace-name", "", "name for the workspace if it is created (default: the slug)")
	fs.StringVar(&in.Role, "role", "", "viewer, checker, editor or admin (required)")
	cfg, logger, err := loadConfig(fs, args[1:], getenv, stderr)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	var missing []string
	for _, f := range []struct{ name, value string }{{"--email", in.Email}, {"--name", in.Name}, {"--workspace", in.Workspace}, {"--role", in.Role}} {
		if f.value == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing %s", strings.Join(missing, ", "))
	}
	in.Password, err = readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	svc, closeAll, err := openService(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	res, err := svc.AddUser(ctx, in)
	if err != nil {
		return err
	}
	if res.WorkspaceCreated {
		fmt.Fprintf(stdout, "Created workspace %q.\n", res.Workspace.Slug)
	}
	verb := "Updated"
	if res.UserCreated {
		verb = "Added"
	}
	fmt.Fprintf(stdout, "%s %s <%s> as %s of %q.\n", verb, res.User.Name, res.User.Email, in.Role, res.Workspace.Slug)
	return nil
}

// readPassword asks for the password twice on a terminal, or reads one line
// from stdin when it is not a terminal.
func readPassword(stdin io.Reader, prompt io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(prompt, "Password: ")
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(prompt, "Password again: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(first) != string(second) {
			return "", errors.New("the two passwords differ")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on stdin: pipe one in, or run in a terminal to be asked")
	}
	return pw, nil
}

// userDisable stops a user from logging in, ends their sessions and closes
// their live connections on every running instance.
func userDisable(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("user disable", stdout, stderr)
	email := fs.String("email", "", "the email of the user to disable (required)")
	cfg, logger, err := loadConfig(fs, args, getenv, stderr)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if *email == "" {
		return errors.New("missing --email")
	}
	svc, closeAll, err := openService(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	u, err := svc.DisableUser(ctx, *email)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Disabled %s <%s>: their sessions are ended and their live connections closed.\n", u.Name, u.Email)
	return nil
}
