// RFC 2782 ordering of SRV records: the order in which a client contacts the targets.
//
// "A client MUST attempt to contact the target host with the lowest-numbered priority it
// can reach; target hosts with the same priority SHOULD be tried in an order defined by
// the weight field." Within one priority the RFC's selection algorithm is applied:
//   1. arrange the records not yet ordered in any order, except that all those with
//      weight 0 are placed at the beginning of the list;
//   2. associate with each record the running sum of the weights in that order;
//   3. choose a uniform random number between 0 and the sum (inclusive), and select the
//      first record whose running sum is greater than or equal to it;
//   4. remove the selected record and repeat until none is left.
//
// One deviation from a literal reading of step 3, documented in docs/srv.md: the random
// number is a real number `random() * sum`, not an integer in [0, sum]. An integer draw
// gives the first record of the list an extra 1/(sum+1) share (weights 1 and 3 would be
// picked 40%/60% instead of 25%/75%), which is not what the weights mean. With a real
// number each weighted record is picked with probability weight/sum, and a weight-0 record
// (running sum 0) is picked only when the draw is exactly 0 — the RFC's "very small chance
// of being selected" — or when every remaining record has weight 0, in which case they are
// taken in the order received.
import type { SrvRecord } from './dns.js';

/**
 * Orders SRV records as RFC 2782 says: priority ascending; within a priority, weighted
 * random selection. `random` returns a number in [0, 1) (Math.random by default) and is
 * injectable so that tests can make the selection deterministic. The input is not changed.
 */
export function orderSrv(records: SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  // Group by priority, keeping the order received within a group (stable).
  const groups = new Map<number, SrvRecord[]>();
  for (const r of records) {
    const g = groups.get(r.priority);
    if (g) g.push(r);
    else groups.set(r.priority, [r]);
  }
  const priorities = [...groups.keys()].sort((a, b) => a - b);
  const out: SrvRecord[] = [];
  for (const p of priorities) out.push(...orderByWeight(groups.get(p) ?? [], random));
  return out;
}

/** The RFC 2782 weighted selection within one priority. */
export function orderByWeight(group: SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  // Weight 0 first, otherwise in the order received.
  const pending = [...group.filter((r) => r.weight === 0), ...group.filter((r) => r.weight !== 0)];
  const out: SrvRecord[] = [];
  while (pending.length > 0) {
    const sum = pending.reduce((s, r) => s + Math.max(0, r.weight), 0);
    let draw = clamp01(random()) * sum;
    if (draw > sum) draw = sum;
    let running = 0;
    let chosen = pending.length - 1;
    for (let i = 0; i < pending.length; i++) {
      running += Math.max(0, (pending[i] as SrvRecord).weight);
      if (running >= draw) {
        chosen = i;
        break;
      }
    }
    out.push(pending.splice(chosen, 1)[0] as SrvRecord);
  }
  return out;
}

function clamp01(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0;
  return x > 1 ? 1 : x;
}
