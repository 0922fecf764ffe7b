package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/notify"
	"github.com/binhluan/binhluan/comment/wordlist"
)

// Settings of the moderation wiring.
const (
	// deadlineEvery is how often the desk looks for takedowns near their
	// deadline, to tell the webhook.
	deadlineEvery = time.Minute
	// maxWordsFile bounds what -words reads.
	maxWordsFile = 1 << 20
	// maxSecretFile bounds what -webhook-secret-file reads.
	maxSecretFile = 4 << 10
	// closeTimeout bounds how long closing waits for the webhook to
	// deliver what is queued.
	closeTimeout = 5 * time.Second
)

// openDesk wires moderation into the site once its store is open: the
// webhook (with cfg.WebhookURL), the word list (the default one, changed by
// cfg.WordsFile), the reader keys, the desk over the store and the
// screener's bans, trust and words.
func (s *site) openDesk() error {
	entries := wordlist.Default()
	if s.cfg.WordsFile != "" {
		more, err := readWords(s.cfg.WordsFile)
		if err != nil {
			return err
		}
		entries = append(entries, more...)
	}
	words, err := wordlist.New(entries)
	if err != nil {
		return fmt.Errorf("newsroom: -words %s: %w", s.cfg.WordsFile, err)
	}
	s.screener.Words = words
	if s.readers, err = comment.NewReaderKeys(derivedKey(s.key, "newsroom reader keys")); err != nil {
		return err
	}
	if s.deskCatalog, err = deskCatalog(); err != nil {
		return err
	}
	if s.loginTokens, err = comment.NewTokens(&comment.TokensConfig{Key: derivedKey(s.key, "newsroom login tokens"), MinAge: time.Millisecond}); err != nil {
		return err
	}
	params := s.cfg.Hash
	if params == (hashParams{}) {
		params = defaultHash
	}
	path := ""
	if s.cfg.DataDir != "" {
		path = filepath.Join(s.cfg.DataDir, accountsName)
	}
	if s.accounts, err = newAccounts(path, params); err != nil {
		return err
	}
	if s.oneTime, err = s.accounts.oneTimeAccount(s.cfg.Password, s.now()); err != nil {
		return err
	}
	if s.cfg.WebhookURL != "" {
		s.webhook, err = notify.New(s.cfg.WebhookURL, s.cfg.WebhookSecret, &notify.Config{
			OnError: func(e comment.Event, err error) {
				log.Printf("newsroom: the webhook was not told of a %s on comment %s: %v", e.Kind, e.CommentID, err)
			},
		})
		if err != nil {
			return fmt.Errorf("newsroom: -webhook: %w", err)
		}
	}
	if err := s.useStore(s.comments); err != nil {
		return errors.Join(err, s.closeWebhook())
	}
	return nil
}

// recordDecision records a moderator's decision through the desk. A
// decision the store took stands even when the desk then failed to count
// the commenter's violations: that failure is logged, not returned, so
// that the lesson taught with the decision is kept with it. A conflict is
// always returned: the store did not take this decision, even when
// another server's moderator has just made the same one, whose lesson
// that server taught.
func (s *site) recordDecision(ctx context.Context, d comment.Decision) error {
	ban, err := s.desk.Decide(ctx, d)
	if err == nil {
		if ban.ID != "" {
			log.Printf("newsroom: %s locked for violations: ban level %d", ban.Subject, ban.Level)
		}
		return nil
	}
	if errors.Is(err, comment.ErrConflict) {
		return err
	}
	if c, gerr := s.comments.Get(ctx, d.CommentID); gerr == nil && c.Status == d.To && c.Reason == d.Reason && c.Status != d.From {
		log.Printf("newsroom: comment %s: %v", d.CommentID, err)
		return nil
	}
	return err
}

// useStore makes st the site's comment store, with a desk over it that
// the screener asks about bans and trust. Tests call it to put a store of
// theirs in.
func (s *site) useStore(st commentStore) error {
	cfg := &comment.DeskConfig{Now: s.now}
	if s.webhook != nil {
		cfg.Notifier = s.webhook
	}
	desk, err := comment.NewDesk(st, cfg)
	if err != nil {
		return err
	}
	s.comments, s.desk = st, desk
	s.screener.Bans, s.screener.Trust, s.screener.Parents = st, desk, st
	return nil
}

// readWords parses the word list file of -words: entries added to the
// default list, or removing from it with "drop".
func readWords(name string) ([]wordlist.Entry, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("newsroom: -words: %w", err)
	}
	defer f.Close()
	entries, err := wordlist.Parse(io.LimitReader(f, maxWordsFile))
	if err != nil {
		return nil, fmt.Errorf("newsroom: -words %s: %w", name, err)
	}
	return entries, nil
}

// readSecret returns the first line of the file of -webhook-secret-file.
func readSecret(name string) ([]byte, error) {
	line, err := firstLine(name, maxSecretFile)
	if err != nil {
		return nil, fmt.Errorf("newsroom: -webhook-secret-file: %w", err)
	}
	if len(line) < notify.MinSecret {
		return nil, fmt.Errorf("newsroom: -webhook-secret-file %s: the secret needs %d bytes or more, not %d", name, notify.MinSecret, len(line))
	}
	return []byte(line), nil
}

// firstLine returns the first line of a small file, without its line end;
// an empty first line is an error.
func firstLine(name string, limit int64) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit))
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	if line = strings.TrimSuffix(line, "\r"); line == "" {
		return "", fmt.Errorf("%s: the first line is empty", name)
	}
	return line, nil
}

// derivedKey derives a key for one purpose from the form key, so that
// servers sharing a data folder's key (or a form-key file) share it too.
func derivedKey(formKey []byte, purpose string) []byte {
	m := hmac.New(sha256.New, formKey)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// watchDeadlines asks the desk every deadlineEvery for the takedowns near
// their deadline, which it tells the webhook of, until ctx ends.
func (s *site) watchDeadlines(ctx context.Context) {
	every(ctx, deadlineEvery, func() {
		if _, err := s.desk.CheckDeadlines(ctx); err != nil && ctx.Err() == nil {
			log.Printf("newsroom: checking takedown deadlines: %v", err)
		}
	})
}

// closeWebhook stops the webhook, letting it deliver what is queued for
// up to closeTimeout.
func (s *site) closeWebhook() error {
	if s.webhook == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	if err := s.webhook.Close(ctx); err != nil && !errors.Is(err, notify.ErrClosed) {
		return err
	}
	return nil
}

// webhookConfig puts the webhook of the command line's -webhook and
// -webhook-secret-file in cfg: both or neither.
func webhookConfig(cfg *siteConfig, o options) error {
	switch {
	case o.webhook == "" && o.webhookSecretFile == "":
		return nil
	case o.webhook == "" || o.webhookSecretFile == "":
		return errors.New("newsroom: -webhook and -webhook-secret-file go together")
	}
	secret, err := readSecret(o.webhookSecretFile)
	if err != nil {
		return err
	}
	cfg.WebhookURL, cfg.WebhookSecret = o.webhook, secret
	return nil
}

// logDesk says at start-up where the desk is and who signs in: the
// moderators' accounts, or the account admin made for the run, with its
// password when it is random (shown this once).
func logDesk(s *site, url string) {
	switch n := s.accounts.count(); {
	case s.oneTime != "":
		log.Printf("newsroom: moderation on %s%s: user %s, password %s (for this run only; make accounts with -data DIR -add-moderator NAME)", url, loginPath, oneTimeUser, s.oneTime)
	case s.accounts.runOnly():
		log.Printf("newsroom: moderation on %s%s: user %s, with the password of %s or -admin-password-file (for this run only)", url, loginPath, oneTimeUser, passwordEnv)
	default:
		log.Printf("newsroom: moderation on %s%s: %d moderator accounts in %s", url, loginPath, n, s.accounts.path)
		if s.cfg.Password != "" {
			log.Printf("newsroom: %s and -admin-password-file are not used: %s has accounts", passwordEnv, s.accounts.path)
		}
	}
	if s.webhook != nil {
		log.Print("newsroom: reports and takedown requests are told to the webhook")
	}
}

// asShown is c as readers see it: the words the word list masks (its
// mask entries, and the banned ones of a comment a moderator let through)
// replaced by '*' in the name, title and content. The store keeps what the
// commenter wrote, which moderators see on the desk.
func (s *site) asShown(c comment.Comment) comment.Comment {
	if l := s.words(); l != nil {
		c.Name, c.Title, c.Content = l.Mask(c.Name), l.Mask(c.Title), l.Mask(c.Content)
	}
	return c
}

// words returns the site's word list, which masks the abuse filter's
// words on the desk; nil before openDesk made it.
func (s *site) words() *wordlist.List {
	l, _ := s.screener.Words.(*wordlist.List)
	return l
}
