// Lists the functions with the most self time in a V8 .cpuprofile (from `node --cpu-prof`).
//   node scripts/run.mjs src/top.ts .build/prof/<file>.cpuprofile [count]
import { readFileSync } from 'node:fs'

type Node = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const [file, count = '25'] = process.argv.slice(2)
if (!file) throw new Error('usage: top.ts <file.cpuprofile> [count]')
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const self = new Map<string, number>()
let total = 0
// Sample i lasted timeDeltas[i + 1]; summing deltas (not hit counts) weighs samples by their length.
profile.samples.forEach((id, i) => {
  const node = byId.get(id)
  const delta = profile.timeDeltas[i + 1] ?? 0
  if (!node) return
  const { functionName, url, lineNumber } = node.callFrame
  const where = url ? `${url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${lineNumber + 1}` : ''
  const key = `${functionName || '(anonymous)'} ${where}`
  self.set(key, (self.get(key) ?? 0) + delta)
  total += delta
})
for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  console.log(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${key}`)
}
