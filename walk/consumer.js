#!/usr/bin/env node
// A chat bot / paging bridge for the log-alerts alert topic, written from schemas/alert.schema.json,
// README "Alerts" and docs/notifier.md only. Input: files of Pub/Sub deliveries, one JSON per line,
// in any of the shapes Pub/Sub uses:
//   push:  {"message":{"data":B64,"attributes":{...},"messageId","publishTime","orderingKey"},"subscription"}
//   pull:  {"ackId","message":{...}}  or a whole pull response {"receivedMessages":[...]}
//   raw:   the alert JSON itself (what run-local.sh writes to out/alerts/; no attributes then)
// Options: --filter='attributes.state = "FIRING"' (Pub/Sub subscription filter subset),
//          --shuffle=SEED (deliver out of order), --redeliver=N (deliver every Nth message twice),
//          --print=chat|pagerduty|none
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'schemas', 'alert.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

// ---- Pub/Sub envelope ------------------------------------------------------------------------
function deliveries(line) {
  const o = JSON.parse(line);
  if (Array.isArray(o.receivedMessages)) return o.receivedMessages.map((r) => r.message);
  if (o.message && typeof o.message === 'object') return [o.message];
  if (o.alertId) {
    return [{ data: Buffer.from(line).toString('base64'), attributes: undefined, messageId: null }];
  }
  throw new Error('not a Pub/Sub delivery: ' + line.slice(0, 80));
}

// ---- subscription filter (https://cloud.google.com/pubsub/docs/subscription-message-filter) ----
// Subset: attributes.KEY = "v", != "v", :(has), hasPrefix(attributes.KEY, "p"), NOT, AND, OR, ().
function compileFilter(text) {
  const toks = text.match(/"(?:[^"\\]|\\.)*"|\(|\)|!=|=|:|,|[A-Za-z_][\w.\-]*/g) || [];
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++];
  function primary() {
    const t = next();
    if (t === 'NOT' || t === '-') { const p = primary(); return (a) => !p(a); }
    if (t === '(') { const e = orExpr(); next(); return e; }
    if (t === 'hasPrefix') {
      next(); const k = next().replace(/^attributes\./, ''); next(); const p = JSON.parse(next()); next();
      return (a) => a[k] !== undefined && a[k].startsWith(p);
    }
    const key = t.replace(/^attributes\./, '');
    const op = next();
    if (op === ':') return (a) => a[key] !== undefined;
    const v = JSON.parse(next());
    if (op === '=') return (a) => a[key] === v;
    if (op === '!=') return (a) => a[key] !== v;
    throw new Error('bad filter near ' + op);
  }
  function andExpr() {
    let l = primary();
    while (peek() === 'AND') { next(); const r = primary(); const ll = l; l = (a) => ll(a) && r(a); }
    return l;
  }
  function orExpr() {
    let l = andExpr();
    while (peek() === 'OR') { next(); const r = andExpr(); const ll = l; l = (a) => ll(a) || r(a); }
    return l;
  }
  return orExpr();
}

// ---- chat message (Slack mrkdwn) --------------------------------------------------------------
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const EMOJI = { FIRING: ':rotating_light:', RESOLVED: ':white_check_mark:', FLAPPING: ':repeat:' };
function chatMessage(a, pairedFiring) {
  const group = Object.entries(a.group).map(([k, v]) => `${k}=${v}`).join(', ') || '(all)';
  let text = `${EMOJI[a.state]} *${esc(a.state)}* ${esc(a.summary)}\n` +
    `severity ${esc(a.severity)} · ${esc(group)} · window ${a.windowStart} .. ${a.windowEnd}`;
  if (a.state === 'RESOLVED') {
    text += pairedFiring
      ? `\nresolves the alert first posted at ${pairedFiring.windowEnd}`
      : '\n(no FIRING of this alertId seen by this bot)';
    if (a.incident) text += ` · lasted ${a.incident.durationSeconds}s`;
  }
  if (a.samples.length) {
    text += '\n```' + a.samples.map((s) => esc(s.message).slice(0, 300)).join('\n') + '```';
  }
  if (a.logsExplorerUrl) text += `\n<${a.logsExplorerUrl}|Logs Explorer>`;
  return { text: text.slice(0, 3000) };
}

// ---- PagerDuty Events API v2 ------------------------------------------------------------------
function pagerDutyEvent(a) {
  const dedup = a.alertId; // stable per incident; RESOLVED carries the FIRING's
  if (a.state === 'RESOLVED') return { routing_key: 'RK', event_action: 'resolve', dedup_key: dedup };
  return {
    routing_key: 'RK',
    event_action: 'trigger',
    dedup_key: dedup,
    payload: {
      summary: a.summary.slice(0, 1024),
      source: a.group.service || `log-alerts/${a.rule}`,
      severity: a.state === 'FLAPPING' ? 'warning' : a.severity,
      timestamp: a.windowEnd,
      component: a.group.service,
      group: a.rule,
      class: a.type,
      custom_details: { value: a.value, threshold: a.threshold, group: a.group, sequence: a.sequence },
    },
  };
}

// ---- the consumer ---------------------------------------------------------------------------
function run(files, opts) {
  let msgs = [];
  for (const f of files) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) if (line.trim()) msgs.push(...deliveries(line));
  }
  if (opts.redeliver) msgs = msgs.flatMap((m, i) => (i % opts.redeliver === 0 ? [m, m] : [m]));
  if (opts.shuffle) {
    let s = opts.shuffle;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = msgs.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [msgs[i], msgs[j]] = [msgs[j], msgs[i]]; }
  }
  const filter = opts.filter ? compileFilter(opts.filter) : null;
  const lastSeq = new Map(); // alertId -> highest sequence handled
  const firing = new Map(); // alertId -> first FIRING handled
  const openIncidents = new Set();
  const stats = { delivered: 0, invalid: 0, filteredOut: 0, duplicate: 0, stale: 0, handled: 0,
    resolvedWithoutFiring: 0, attrMismatch: 0, noAttributes: 0, pdTriggers: 0, pdResolves: 0 };
  const problems = [];
  for (const m of msgs) {
    stats.delivered++;
    const text = Buffer.from(m.data || '', 'base64').toString('utf8');
    let a;
    try { a = JSON.parse(text); } catch (e) { stats.invalid++; problems.push('not JSON: ' + text.slice(0, 60)); continue; }
    if (!validate(a)) {
      stats.invalid++;
      problems.push(`schema: ${a.alertId} ${ajv.errorsText(validate.errors)}`);
      continue;
    }
    const attrs = m.attributes;
    if (!attrs) stats.noAttributes++;
    else {
      for (const k of ['rule', 'severity', 'state', 'alertId', 'sequence']) {
        if (String(a[k]) !== attrs[k]) { stats.attrMismatch++; problems.push(`attribute ${k}=${attrs[k]} body ${a[k]}`); }
      }
      if (m.orderingKey !== undefined && m.orderingKey !== a.alertId) problems.push(`orderingKey ${m.orderingKey} != alertId`);
    }
    if (filter && !filter(attrs || {})) { stats.filteredOut++; continue; }
    const last = lastSeq.get(a.alertId) || 0;
    if (a.sequence === last) { stats.duplicate++; continue; }
    if (a.sequence < last) { stats.stale++; continue; }
    lastSeq.set(a.alertId, a.sequence);
    stats.handled++;
    if (a.state === 'FIRING' && !firing.has(a.alertId)) firing.set(a.alertId, a);
    if (a.state === 'RESOLVED' && !firing.has(a.alertId)) stats.resolvedWithoutFiring++;
    const chat = chatMessage(a, firing.get(a.alertId));
    const pd = pagerDutyEvent(a);
    if (pd.event_action === 'trigger') { stats.pdTriggers++; openIncidents.add(a.alertId); }
    else { stats.pdResolves++; openIncidents.delete(a.alertId); }
    if (pd.dedup_key.length > 255) problems.push('dedup_key > 255');
    if (opts.print === 'chat') console.log(JSON.stringify(chat));
    if (opts.print === 'pagerduty') console.log(JSON.stringify(pd));
  }
  stats.stillOpenInPagerDuty = openIncidents.size;
  return { stats, problems };
}

if (require.main === module) {
  const opts = {};
  const files = [];
  for (const arg of process.argv.slice(2)) {
    const m = arg.match(/^--(\w+)=(.*)$/s);
    if (m) opts[m[1]] = /^\d+$/.test(m[2]) ? Number(m[2]) : m[2];
    else files.push(arg);
  }
  const { stats, problems } = run(files, opts);
  console.error(JSON.stringify(stats));
  for (const p of [...new Set(problems)].slice(0, 20)) console.error('problem: ' + p);
}
module.exports = { run, compileFilter, chatMessage, pagerDutyEvent };
