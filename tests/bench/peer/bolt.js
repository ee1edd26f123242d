// The Bolt peer of the benchmark: /imessage as a Bolt developer writes it.
// It looks both people up with users.info (once per person, then from
// memory), stores the I-message with better-sqlite3 (WAL,
// synchronous=FULL) before it acks with an ephemeral reply, then sends
// the recipient a DM with chat.postMessage (the WebClient waits out a 429
// by itself).  Socket Mode, pointed at the loopback fake by slackApiUrl.
'use strict';

const { App, LogLevel } = require('@slack/bolt');
const Database = require('better-sqlite3');

const db = new Database(process.env.BENCH_DB);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS imessage (
  id INTEGER PRIMARY KEY, sender TEXT NOT NULL, recipient TEXT NOT NULL,
  body TEXT NOT NULL, created_at INTEGER NOT NULL)`);
const insert = db.prepare(`INSERT INTO imessage
  (sender, recipient, body, created_at) VALUES (?, ?, ?, ?)`);

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  appToken: process.env.SLACK_APP_TOKEN,
  socketMode: true,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

const emails = new Map(); // user id -> Promise of the email
function email(client, user) {
  let p = emails.get(user);
  if (p === undefined) {
    p = client.users.info({ user }).then((r) => r.user.profile.email);
    p.catch(() => emails.delete(user));
    emails.set(user, p);
  }
  return p;
}

const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*([\s\S]*)$/;

app.command('/imessage', async ({ command, ack, client }) => {
  const m = mention.exec(command.text);
  if (m === null) {
    await ack({ response_type: 'ephemeral', text: 'Usage: /imessage @someone text' });
    return;
  }
  const [to, body] = [m[1], m[2]];
  const [fromEmail, toEmail] = await Promise.all([
    email(client, command.user_id), email(client, to)]);
  insert.run(fromEmail, toEmail, body, Math.floor(Date.now() / 1000));
  await ack({ response_type: 'ephemeral', text: `Sent your I-message to <@${to}>.` });
  await client.chat.postMessage({
    channel: to,
    text: `<@${command.user_id}> sent you an I-message:\n${body}`,
  });
});

app.start().catch((err) => {
  console.error(err);
  process.exit(1);
});
