// The Go peer of the benchmark: /imessage as a team would write it with
// slack-go's socketmode client and go-sqlite3.  It looks both people up
// with users.info (once per person, then from memory), stores the
// I-message (WAL, synchronous=FULL) before it acks with an ephemeral
// reply, then sends the recipient a DM, retrying after a 429 as long as
// Slack's Retry-After says.
package main

import (
	"database/sql"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"regexp"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

var mention = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*(?s:(.*))$`)

type people struct {
	mu     sync.Mutex
	emails map[string]string
}

// email returns the user's email, asking Slack the first time.
func (p *people) email(api *slack.Client, user string) (string, error) {
	p.mu.Lock()
	e, ok := p.emails[user]
	p.mu.Unlock()
	if ok {
		return e, nil
	}
	u, err := api.GetUserInfo(user)
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	p.emails[user] = u.Profile.Email
	p.mu.Unlock()
	return u.Profile.Email, nil
}

type bot struct {
	api    *slack.Client
	sm     *socketmode.Client
	insert *sql.Stmt
	people people
}

func (b *bot) imessage(evt socketmode.Event, cmd slack.SlashCommand) {
	m := mention.FindStringSubmatch(cmd.Text)
	if m == nil {
		b.sm.Ack(*evt.Request, map[string]interface{}{
			"response_type": "ephemeral",
			"text":          "Usage: /imessage @someone text"})
		return
	}
	to, body := m[1], m[2]
	var from, toEmail string
	var err1, err2 error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); from, err1 = b.people.email(b.api, cmd.UserID) }()
	go func() { defer wg.Done(); toEmail, err2 = b.people.email(b.api, to) }()
	wg.Wait()
	if err1 != nil || err2 != nil {
		log.Printf("users.info: %v %v", err1, err2)
		return // no ack: Slack tells the user it failed
	}
	if _, err := b.insert.Exec(from, toEmail, body, time.Now().Unix()); err != nil {
		log.Printf("insert: %v", err)
		return
	}
	b.sm.Ack(*evt.Request, map[string]interface{}{
		"response_type": "ephemeral",
		"text":          fmt.Sprintf("Sent your I-message to <@%s>.", to)})
	text := fmt.Sprintf("<@%s> sent you an I-message:\n%s", cmd.UserID, body)
	for {
		_, _, err := b.api.PostMessage(to, slack.MsgOptionText(text, false))
		var rl *slack.RateLimitedError
		if errors.As(err, &rl) {
			time.Sleep(rl.RetryAfter)
			continue
		}
		if err != nil {
			log.Printf("chat.postMessage: %v", err)
		}
		return
	}
}

func main() {
	db, err := sql.Open("sqlite3", "file:"+os.Getenv("BENCH_DB")+
		"?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=5000")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(1) // SQLite has one writer
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS imessage (
		id INTEGER PRIMARY KEY, sender TEXT NOT NULL,
		recipient TEXT NOT NULL, body TEXT NOT NULL,
		created_at INTEGER NOT NULL)`); err != nil {
		log.Fatal(err)
	}
	insert, err := db.Prepare(`INSERT INTO imessage (sender, recipient,
		body, created_at) VALUES (?, ?, ?, ?)`)
	if err != nil {
		log.Fatal(err)
	}
	// net/http keeps only 2 idle connections per host by default, which
	// would open a new one for most calls at this rate, and sets no limit,
	// so that thousands of DMs waiting out a 429 would each open one.
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128,
		MaxConnsPerHost: 128}, Timeout: 30 * time.Second}
	api := slack.New(os.Getenv("SLACK_BOT_TOKEN"),
		slack.OptionAppLevelToken(os.Getenv("SLACK_APP_TOKEN")),
		slack.OptionAPIURL(os.Getenv("SLACK_API_URL")),
		slack.OptionHTTPClient(hc))
	b := &bot{api: api, sm: socketmode.New(api), insert: insert,
		people: people{emails: map[string]string{}}}
	go func() {
		for evt := range b.sm.Events {
			if evt.Type != socketmode.EventTypeSlashCommand {
				continue
			}
			cmd, ok := evt.Data.(slack.SlashCommand)
			if !ok || cmd.Command != "/imessage" {
				b.sm.Ack(*evt.Request)
				continue
			}
			go b.imessage(evt, cmd)
		}
	}()
	// Run returns only when a reconnection failed; slack-go leaves the
	// retry to its caller.
	for {
		if err := b.sm.Run(); err != nil {
			log.Printf("socketmode: %v; connecting again", err)
			time.Sleep(time.Second)
		}
	}
}
