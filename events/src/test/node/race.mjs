// Sends, with Segment's own Node library (@segment/analytics-node), an identify and a
// track("Lead Generated") for each of N people, from two clients that flush concurrent batches,
// one of them starting later: for even people the identify goes first and the track later, for odd
// people the track first, so the two overtake each other as they do in production.
//   node race.mjs URL WRITE_KEY PEOPLE RUN PHASE
// PHASE: both | track | identify (the last two send one half, for a test that restarts the collector
// in between). Prints one JSON line: {"sent":..,"errors":[..]}; exits 1 when the library reported an
// error.
import { Analytics } from '@segment/analytics-node'

const [url, writeKey, peopleText, run, phase = 'both'] = process.argv.slice(2)
const people = Number(peopleText)
const errors = []

function client() {
  const a = new Analytics({ writeKey, host: url, flushAt: 7, flushInterval: 50, maxRetries: 5 })
  a.on('error', (e) => errors.push(String(e && (e.reason || e.message || e.code || e))))
  return a
}

export function person(i) {
  return {
    userId: `node-${run}-${i}`,
    email: `node-${run}-${i}@example.com`,
    traits: {
      first_name: `First${i}`,
      last_name: `Last${i}`,
      email: `Node-${run}-${i}@Example.com`,
      title: `Title ${i}`,
      company: `Company ${i}`,
      phone: `+1 555 ${String(i).padStart(4, '0')}`,
    },
  }
}

function identify(a, i) {
  const p = person(i)
  const traits = { ...p.traits }
  if (i % 4 === 0) traits.marketing_consent = false
  if (i % 4 === 1) traits.marketing_consent = true
  a.identify({ userId: p.userId, traits })
}

function track(a, i) {
  const p = person(i)
  const context = i % 4 === 2 ? { consent: { categoryPreferences: { marketing: true } } } : {}
  a.track({
    userId: p.userId,
    event: 'Lead Generated',
    properties: { lead_source: 'Web Site', utm_campaign: `race-${run}` },
    context,
  })
}

const early = client()
const late = client()
let sent = 0
const lateSends = []
for (let i = 0; i < people; i++) {
  const first = i % 2 === 0 ? identify : track
  const second = i % 2 === 0 ? track : identify
  if (phase === 'both' || (phase === 'identify') === (first === identify)) {
    first(early, i)
    sent++
  }
  if (phase === 'both' || (phase === 'identify') === (second === identify)) {
    lateSends.push(i)
  }
}
await new Promise((r) => setTimeout(r, 300))
for (const i of lateSends) {
  ;(i % 2 === 0 ? track : identify)(late, i)
  sent++
}
await Promise.all([early.closeAndFlush({ timeout: 60000 }), late.closeAndFlush({ timeout: 60000 })])
console.log(JSON.stringify({ sent, errors }))
process.exit(errors.length ? 1 : 0)
