import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { extract } from '../../src/cli/extract.js'
import { LiteralError, parseLiteral } from '../../src/cli/literal.js'
import { assertContract, type Door, violations } from '../oracle/contract.js'
import { check, logs, parseReport } from './helpers.js'

// ---------------------------------------------------------------------------------------------------

const Literal = suite('parseLiteral: an object as console.log prints it, read back as data')

Literal('reads back what util.inspect writes, as Lambda logs console.log(result)', () => {
  const values = [
    { statusCode: 200, headers: { 'Content-Type': 'application/json', 'X-Count': 3 }, body: '{"ok":true}' },
    {
      statusCode: 302,
      multiValueHeaders: { 'Set-Cookie': ['a=1; Path=/', "b='2'"] },
      body: '',
      isBase64Encoded: false,
    },
    {
      statusCode: 200,
      body: 'line\nbreak\ttab \\ back ` tick é ✓',
      n: -1.5e-7,
      t: true,
      f: false,
      z: null,
      u: undefined,
    },
    { statusCode: 200, cookies: [], headers: {}, nested: { a: { b: [1, [2, 3]] } }, 'key with space': 1 },
    [1, 'two', { three: 3 }],
  ]
  for (const value of values) {
    for (const breakLength of [80, Number.POSITIVE_INFINITY]) {
      const text = inspect(value, { depth: Number.POSITIVE_INFINITY, breakLength })
      assert.equal(parseLiteral(text, 0).value, value, text)
    }
  }
  // JSON is a literal too.
  assert.equal(parseLiteral('{"a":[1,{"b":"c"}]}', 0), { value: { a: [1, { b: 'c' }] }, end: 19 })
})

Literal('refuses what console.log left out or what is not data, with the reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['{ statusCode: 200, headers: [Object] }', /left out/],
    ['{ rows: [Array] }', /left out/],
    ['<ref *1> { self: [Circular *1] }', /left out/],
    ['[ 1, 2, ... 98 more items ]', /left out/],
    ['{ when: Date { } }', /not plain data/],
    ['{ body: Buffer <00 ff> }', /not plain data/],
    ['{ n: 10n }', /a BigInt/],
    ["{ a: 'open }", /unterminated string|line break/],
    ['{ a 1 }', /a key without a value/],
    ['{ a: 1 b: 2 }', /a missing comma/],
    ["{ a: '\\u12' }", /a bad escape/],
  ]
  for (const [text, why] of cases) {
    try {
      parseLiteral(text, 0)
      assert.unreachable(text)
    } catch (error) {
      assert.instance(error, LiteralError, text)
      assert.match((error as Error).message, why, text)
    }
  }
})

// ---------------------------------------------------------------------------------------------------

const Extract = suite('extract: the responses in a log excerpt, with the line each starts on')

Extract('finds the response of a REST execution log, and what API Gateway logged about it', () => {
  const { findings } = extract(readFileSync(join(logs, 'rest-execution-console.txt'), 'utf8'))
  assert.equal(findings, [
    {
      kind: 'result',
      line: 14,
      value: { statusCode: 200, body: { not: 'a string' } },
      frontDoor: 'rest',
      logged: [
        'Execution failed due to configuration error: Malformed Lambda proxy response',
        'Method completed with status: 502',
      ],
    },
  ])
})

Extract('finds each response of a function log: JSON, console.log objects, errors and timeouts', () => {
  const text = [
    '2024-06-17T14:50:02.120Z\tid\tINFO\tevent { httpMethod: "GET", headers: { a: "b" } }',
    '2024-06-17T14:50:02.131Z\tid\tINFO\tdone {"statusCode":200,"body":"ok"} and {"statusCode":201}',
    '2024-06-17T14:50:02.131Z\tid\tINFO\t{ body: "only result keys" }',
    '2024-06-17T14:50:02.131Z\tid\tERROR\t{"name":"NotFoundError","statusCode":404,"expose":true,"stack":"…"}',
    '2024-06-17T14:50:02.131Z\tid\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"boom","stack":[]}',
    '2024-06-17T14:51:05.310Z id Task timed out after 6.50 seconds',
    'not { json',
  ].join('\n')
  assert.equal(extract(text), {
    findings: [
      { kind: 'result', line: 2, value: { statusCode: 200, body: 'ok' } },
      { kind: 'result', line: 2, value: { statusCode: 201 } },
      { kind: 'result', line: 3, value: { body: 'only result keys' } },
      { kind: 'function-error', line: 5, value: { errorType: 'Error', errorMessage: 'boom', stack: [] } },
      { kind: 'timeout', line: 6, seconds: 6.5 },
    ],
    accessLogOk: 0,
  })
})

Extract('reads a whole JSON result, Lambda error payload, or aws logs output', () => {
  assert.equal(extract(' {"statusCode":200} \n'), {
    findings: [{ kind: 'result', line: 1, value: { statusCode: 200 } }],
    accessLogOk: 0,
    whole: true,
  })
  assert.equal(extract('"a bare string"').findings, [{ kind: 'result', line: 1, value: 'a bare string' }])
  assert.is(
    extract(readFileSync(join(logs, 'invoke-error.json'), 'utf8')).findings[0]?.kind,
    'function-error',
  )
  const events = extract(readFileSync(join(logs, 'filter-log-events.json'), 'utf8'))
  assert.equal(
    events.findings.map((f) => [f.kind, f.line]),
    [['result', 1]],
  )
  assert.match(
    extract(readFileSync(join(logs, 'invoke-metadata.json'), 'utf8')).hint ?? '',
    /aws lambda invoke/,
  )
})

Extract('says when API Gateway cut a response short, and reads CSV exports and access logs', () => {
  const cut = extract(readFileSync(join(logs, 'rest-execution-cloudwatch.log'), 'utf8'))
  assert.equal(
    cut.findings.map((f) => [f.kind, f.line]),
    [
      ['result', 7],
      ['result', 15],
      ['truncated', 19],
      ['function-error', 23],
    ],
  )
  assert.equal(extract('x Endpoint response body before transformations: not json').findings, [
    { kind: 'truncated', line: 1, why: 'the response in this execution log line is not JSON' },
  ])
  const csv = extract(readFileSync(join(logs, 'rest-execution-export.csv'), 'utf8'))
  assert.equal(
    csv.findings.map((f) => [f.kind, f.line]),
    [['result', 4]],
  )
  const access = extract(readFileSync(join(logs, 'http-api-access.log'), 'utf8'))
  assert.is(access.accessLogOk, 2)
  assert.equal(access.findings, [
    {
      kind: 'integration-error',
      line: 2,
      message:
        'The response from the Lambda function doesn\'t match the format that API Gateway expects. Lambda body contains the wrong type for field "headers"',
      frontDoor: 'http-v2',
      status: '500',
    },
  ])
  // A function error the execution log states without a response line of its own.
  assert.equal(
    extract('(id) Lambda execution failed with status 200 due to customer function error: boom').findings,
    [{ kind: 'function-error', line: 1, value: { errorMessage: 'boom' }, frontDoor: 'rest' }],
  )
})

// ---------------------------------------------------------------------------------------------------

type Expected = {
  args?: string[]
  exit: number
  /** `source frontDoor verdict first-code@path`, one per row. */
  rows: string[]
}

// Each fixture, with the verdicts the command must give it (see the files in test/fixtures/logs).
const FIXTURES: Record<string, Expected> = {
  'rest-execution-console.txt': {
    exit: 1,
    rows: ['rest-execution-console.txt:14 rest refused body-not-string@body'],
  },
  'rest-execution-cloudwatch.log': {
    exit: 1,
    rows: [
      'rest-execution-cloudwatch.log:7 rest accepted',
      'rest-execution-cloudwatch.log:15 rest refused multi-value-not-array@multiValueHeaders.Cache-Control',
      'rest-execution-cloudwatch.log:23 rest refused function-error@',
    ],
  },
  'rest-execution-export.csv': {
    exit: 1,
    rows: ['rest-execution-export.csv:4 rest refused key-not-accepted@cookies'],
  },
  'function-text-format.log': {
    args: ['--front-door', 'rest', '--front-door', 'alb'],
    exit: 1,
    rows: [
      'function-text-format.log:16 rest refused header-value-invalid@headers.X-Items',
      'function-text-format.log:16 alb refused key-missing@statusDescription',
      'function-text-format.log:24 rest refused handler-timeout@',
      'function-text-format.log:24 alb refused handler-timeout@',
      'function-text-format.log:28 rest refused function-error@',
      'function-text-format.log:28 alb refused function-error@',
    ],
  },
  'function-json-format.log': {
    args: ['--front-door', 'http-v2'],
    exit: 0,
    rows: ['function-json-format.log:2 http-v2 accepted', 'function-json-format.log:3 http-v2 accepted'],
  },
  'http-api-access.log': { exit: 1, rows: ['http-api-access.log:2 http-v2 refused integration-error@'] },
  'http-api-access-ok.log': { exit: 0, rows: [] },
  'invoke-output.json': {
    args: ['--front-door', 'rest', '--front-door', 'http-v2'],
    exit: 1,
    rows: [
      'invoke-output.json rest refused body-not-string@body',
      'invoke-output.json http-v2 refused body-not-string@body',
    ],
  },
  'invoke-error.json': {
    args: ['--front-door', 'alb'],
    exit: 1,
    rows: ['invoke-error.json alb refused function-error@'],
  },
  'filter-log-events.json': {
    exit: 1,
    rows: ['filter-log-events.json:1 rest refused status-invalid@statusCode'],
  },
}

const Fixtures = suite('check on log excerpts: each fixture gets its known verdict')

for (const [file, expected] of Object.entries(FIXTURES)) {
  Fixtures(`judges ${file}`, async () => {
    const ran = await check(['check', file, '--json', ...(expected.args ?? [])], { cwd: logs })
    assert.is(ran.code, expected.exit, ran.stderr)
    const rows = parseReport(ran.stdout).results.map(
      (r) =>
        `${r.source} ${r.frontDoor} ${r.accepted ? 'accepted' : 'refused'}${r.problems[0] ? ` ${r.problems[0].code}@${r.problems[0].path}` : ''}`,
    )
    assert.equal(rows, expected.rows)
  })
}

Fixtures('agrees with the independent oracle on every response, and proxyResponse() fixes each', async () => {
  let compared = 0
  for (const file of Object.keys(FIXTURES)) {
    const text = readFileSync(join(logs, file), 'utf8')
    const responses = extract(text).findings.filter((f) => f.kind === 'result')
    const ran = await check(['check', file, '--json'], { cwd: logs })
    const results = parseReport(ran.stdout).results
    for (const response of responses) {
      for (const result of results.filter(
        (r) => r.source.endsWith(`:${response.line}`) || r.source === file,
      )) {
        const door = result.frontDoor as Door
        assert.is(result.accepted, violations(response.value, door).length === 0, `${result.source} ${door}`)
        assert.ok(result.withProxyResponse, `${result.source} ${door}`)
        assertContract(result.withProxyResponse?.result, door, `${result.source} with proxyResponse()`)
        compared += 1
      }
    }
  }
  // Every front door for the responses of the logs that do not name theirs.
  assert.ok(compared >= 40, `${compared} verdicts compared`)
})

Fixtures(
  'says which entries of an access log were fine, and why a truncated response is not judged',
  async () => {
    const ok = await check(['check', 'http-api-access-ok.log'], { cwd: logs })
    assert.is(ok.code, 0)
    assert.match(
      ok.stdout,
      /note: 2 access log entries have no integration error: the HTTP API took those responses/,
    )
    const cut = await check(['check', 'rest-execution-cloudwatch.log', '--json'], { cwd: logs })
    assert.match(
      cut.stderr,
      /note: rest-execution-cloudwatch\.log:19: API Gateway cut this response short in its log \(it logs at most 1,024 bytes/,
    )
    const text = await check(['check', 'rest-execution-console.txt'], { cwd: logs })
    assert.match(
      text.stdout,
      /\n {2}API Gateway logged: Execution failed due to configuration error: Malformed Lambda proxy response; Method completed with status: 502\n/,
    )
  },
)

Fixtures('reads standard input', async () => {
  const ran = await check(['check', '-', '--front-door', 'rest', '--json'], {
    stdin: readFileSync(join(logs, 'invoke-output.json'), 'utf8'),
  })
  assert.is(ran.code, 1)
  const [row] = parseReport(ran.stdout).results
  assert.is(row?.source, 'standard input')
  assert.is(row?.problems[0]?.code, 'body-not-string')
})

Literal.run()
Extract.run()
Fixtures.run()
