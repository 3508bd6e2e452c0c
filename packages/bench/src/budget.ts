// `node scripts/run.mjs src/budget.ts`, run by `pnpm test`: fails when the default import of the package
// adds more gzipped bytes to a handler bundle than size-budget.json allows, so that size cannot drift
// back up unnoticed. It bundles exactly as `pnpm size` does (src/bundle.ts). See README.md.
import { fileURLToPath } from 'node:url'
import { BUDGET_FILE, defaultImportCost, SUCCEEDS, sizeBudget } from './bundle.js'
import { formatInt } from './stats.js'

const main = async (): Promise<void> => {
  let budget: number
  try {
    budget = sizeBudget()
  } catch (error) {
    console.error((error as Error).message)
    process.exitCode = 1
    return
  }
  const { added } = await defaultImportCost(fileURLToPath(new URL('../.build/budget/', import.meta.url)))
  const figure =
    `middy(${SUCCEEDS}).use(proxyResponse()) adds ${formatInt(added)} B gzipped over @middy/core alone ` +
    `(esbuild bundle, minified, gzip level 9); the budget in ${BUDGET_FILE} is ${formatInt(budget)} B`
  if (added > budget) {
    console.error(
      `The default import is over its size budget by ${formatInt(added - budget)} B: ${figure}.\n` +
        'Make the default import smaller (move what few responses need behind a subpath or a lazy ' +
        `load), or, if the growth is meant, raise the budget in ${BUDGET_FILE} and say why in the commit.`,
    )
    process.exitCode = 1
    return
  }
  console.log(`Within the size budget (${formatInt(budget - added)} B to spare): ${figure}.`)
  if (budget - added > 256) {
    console.log(`The code shrank: lower the budget in ${BUDGET_FILE} to about ${formatInt(added + 64)} B.`)
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exitCode = 1
})
