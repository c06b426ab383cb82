package kioskcli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"smartkiosk/command"
	"smartkiosk/store"
)

const staffArgs = "[--data DIR] --name NAME [--role ta|teacher|admin] < PIN"

// cmdStaff adds an adult from the command line, reading their PIN from
// standard input (never from the command line, where other users could see
// it). The kiosk's first admin is made this way; after that, only while
// no admin exists — admins add adults in the adult area.
func cmdStaff(flags *flag.FlagSet, args []string, stdout, _ io.Writer) error {
	dataDir := flags.String("data", defaultDataDir(), "the kiosk's data folder")
	name := flags.String("name", "", "the adult's name")
	role := flags.String("role", store.RoleAdmin, "ta, teacher or admin")
	if err := command.ParseOnlyFlags(flags, args); err != nil {
		return err
	}
	pin, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && pin == "" {
		return fmt.Errorf("type the adult's PIN on standard input, as in: echo 123456 | smartkiosk staff add %s", staffArgs)
	}
	st, err := store.Open(filepath.Join(*dataDir, store.DatabaseFile))
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.AddStaff(context.Background(), 0, *name, *role, strings.TrimSpace(pin)); err != nil {
		if errors.Is(err, store.ErrNotAdmin) {
			return errors.New("this kiosk already has an admin: add adults in the kiosk's adult area (Staff)")
		}
		return err
	}
	fmt.Fprintf(stdout, "Added %s (%s). They sign in with their PIN.\n", *name, *role)
	return nil
}
