import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { examplesDir, functionNames } from '../scripts/build.js'
import { routes } from '../scripts/routes.js'

// Quotes made alike: the formatter writes YAML strings with double quotes.
const readYaml = (name: string) => readFileSync(join(examplesDir, name), 'utf8').replaceAll('"', "'")
const serverlessYml = readYaml('serverless.yml')
const templateYaml = readYaml('template.yaml')
const packageJson = JSON.parse(readFileSync(join(examplesDir, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
}

const Config = suite('config, serverless.yml, template.yaml and the route list agree')

Config('serverless.yml serves every bundle', () => {
  for (const name of functionNames)
    assert.ok(serverlessYml.includes(`handler: dist/${name}/index.handler`), name)
})

Config('serverless.yml declares every route that pnpm start prints, REST routes under the /dev stage', () => {
  for (const route of routes) {
    const rest = route.api === 'REST API'
    const path = rest ? route.path.replace(/^\/dev/, '') : route.path
    const quoted = path.includes('{') ? `'${path}'` : path
    const line = `- ${rest ? 'http' : 'httpApi'}: { method: ${route.method.toLowerCase()}, path: ${quoted} }`
    assert.ok(serverlessYml.includes(line), line)
    if (rest) assert.ok(route.path.startsWith('/dev/'), route.path)
  }
  const declared = serverlessYml.match(/- (http|httpApi): \{/g) ?? []
  assert.is(declared.length, routes.length)
})

Config('serverless.yml loads the cookie plugin before serverless-offline', () => {
  assert.match(
    serverlessYml,
    /plugins:\n(?:\s+#.*\n)*\s+- \.\/offline\/set-cookie-attributes\.cjs\n\s+- serverless-offline\n/,
  )
})

Config('template.yaml deploys every bundle on Node.js 22, with binary media types on the REST API', () => {
  for (const name of functionNames) assert.ok(templateYaml.includes(`CodeUri: dist/${name}\n`), name)
  assert.match(templateYaml, /Runtime: nodejs22\.x/)
  assert.match(templateYaml, /BinaryMediaTypes: \['\*~1\*'\]/)
  assert.match(templateYaml, /FunctionUrlConfig:\n\s+AuthType: NONE/)
  assert.match(templateYaml, /Key: lambda\.multi_value_headers\.enabled/)
})

Config('the package scripts build and start from scripts/', () => {
  assert.is(packageJson.scripts.build, 'node --import tsx scripts/build.ts')
  assert.is(packageJson.scripts.start, 'node --import tsx scripts/start.ts')
})

Config.run()
