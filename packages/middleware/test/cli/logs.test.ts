import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { extract, type Finding } from '../../src/cli/extract.js'
import { LiteralError, parseLiteral } from '../../src/cli/literal.js'
import { FRONT_DOORS } from '../../src/index.js'
import {
  assertContract,
  type Door,
  doorOf,
  eventViolations,
  isCloudFrontDoor,
  violations,
} from '../oracle/contract.js'
import { check, logs, parseReport, sampleEvents } from './helpers.js'

const EDGE_DOORS = FRONT_DOORS.filter((door) => isCloudFrontDoor(door))

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

Extract("reads CloudFront's reasons, in its LambdaEdge log and on its 502 page", () => {
  assert.equal(extract(readFileSync(join(logs, 'cloudfront-lambdaedge.log'), 'utf8')), {
    findings: [
      {
        kind: 'validation-error',
        line: 1,
        message:
          'Lambda function result failed validation, the function tried to delete read-only header, headerName : Transfer-Encoding.',
      },
      {
        kind: 'validation-error',
        line: 2,
        message:
          "Lambda function result validation failed, the function returned an invalid header, invalid character : '%0D' in header value, headerName : Location.",
      },
      {
        kind: 'validation-error',
        line: 3,
        message:
          'The Lambda function returned an invalid entry in the headers object, the value of each header value must be of string or array of string type, header :x-request-ids has one or more entries whose value is neither string nor array of strings.',
      },
    ],
    accessLogOk: 0,
  })
  assert.equal(extract(readFileSync(join(logs, 'cloudfront-502-page.txt'), 'utf8')).findings, [
    {
      kind: 'validation-error',
      line: 18,
      message: 'The Lambda function returned invalid JSON: The JSON output must be an object type.',
    },
  ])
  // A trigger the line names; and a "Validation error:" of the function's own, which is not CloudFront's.
  assert.equal(
    extract(
      [
        '(id==) ERROR Validation error: The Lambda function returned an invalid status for origin-response.',
        '2024-06-17T15:20:41.405Z\tid\tERROR\tValidation error: "email" is required',
      ].join('\n'),
    ).findings,
    [
      {
        kind: 'validation-error',
        line: 1,
        message: 'The Lambda function returned an invalid status for origin-response.',
        frontDoor: 'cloudfront-origin-response',
      },
    ],
  )
})

Extract("gives a Lambda@Edge function's results the event it logged before them, by invocation", () => {
  const { findings } = extract(readFileSync(join(logs, 'edge-function.log'), 'utf8'))
  assert.equal(
    findings.map((f) => [f.kind, f.line, 'frontDoor' in f ? f.frontDoor : undefined]),
    [
      ['result', 3, 'cloudfront-origin-response'],
      ['result', 8, 'cloudfront-origin-response'],
      ['truncated', 12, undefined],
      ['function-error', 26, 'cloudfront-origin-response'],
    ],
  )
  // Each its own invocation's event: the one logged on the line before it.
  const requestIds = findings.map((f) =>
    'event' in f
      ? (f.event as { Records: Array<{ cf: { config: { requestId: string } } }> }).Records[0]?.cf.config
          .requestId
      : undefined,
  )
  assert.equal(requestIds, [
    'Lnsb_t-3oSkO65rVzpFhqSspTmv7rzt6hHqGkDhVMhsaVycJ96CVlK==',
    '3D2Rw9mdYWaJn4bv3NePNVj5HV7to37tf1g9SEdV3lQdkXOXz8vB4C==',
    undefined,
    'CGHtACrkC-GLWWSSBPCVDYaa30QaDXSwsCEC7BXSp7WedvEKkgYU0G==',
  ])
  assert.match(
    (findings[2] as Extract<Finding, { kind: 'truncated' }>).why,
    /^console\.log printed this response in part \(\[Object\] past depth 2\), so it cannot be read back: log it with JSON\.stringify\(result\)/,
  )
  // Another invocation's event is not taken: the request ids differ.
  const event = readFileSync(join(logs, 'edge-function.log'), 'utf8').split('\n')[1] as string
  const other = `2024-06-17T15:30:00.000Z\t11111111-2222-4333-8444-555555555555\tINFO\tresponse {"status":"200"}`
  assert.equal(
    extract(`${event}\n${other}`).findings.map((f) => 'frontDoor' in f && f.frontDoor),
    [false],
  )
  // A CloudFront result of a log without events; a logged { status: 200 } is not one.
  assert.equal(
    extract('INFO {"uri":"/index.html","method":"GET","querystring":"","headers":{}}\nINFO { status: 200 }')
      .findings,
    [{ kind: 'result', line: 1, value: { uri: '/index.html', method: 'GET', querystring: '', headers: {} } }],
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
  // A Lambda@Edge function's own log: each result judged on the trigger of the event it logged.
  'edge-function.log': {
    exit: 1,
    rows: [
      'edge-function.log:3 cloudfront-origin-response refused header-read-only@headers.via',
      'edge-function.log:8 cloudfront-origin-response accepted',
      'edge-function.log:26 cloudfront-origin-response refused function-error@',
    ],
  },
  // CloudFront's reasons, on the trigger the function runs on. Their texts are those CloudFront was seen
  // to write (CodeGenieApp/serverless-express#369, aws-ia/cloudformation-aws-marketplace-saas#54,
  // aws-samples/cloudfront-authorization-at-edge#12, aws-samples/react-ssr-lambda#28): AWS lists none.
  'cloudfront-lambdaedge.log': {
    args: ['--front-door', 'cloudfront-origin-response'],
    exit: 1,
    rows: [1, 2, 3].map(
      (line) =>
        `cloudfront-lambdaedge.log:${line} cloudfront-origin-response refused cloudfront-validation-error@`,
    ),
  },
  'cloudfront-502-page.txt': {
    args: ['--front-door', 'cloudfront-viewer-request'],
    exit: 1,
    rows: ['cloudfront-502-page.txt:18 cloudfront-viewer-request refused cloudfront-validation-error@'],
  },
  // A bare result in CloudFront's shape: on the four triggers.
  'edge-invoke-output.json': {
    exit: 1,
    rows: EDGE_DOORS.map((door) => `edge-invoke-output.json ${door} refused status-invalid@status`),
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
  const compared = new Map<string, number>()
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
        // The event the function logged is the one it answered: the oracle judges against it too.
        const sent =
          response.event !== undefined && doorOf(response.event) === door ? response.event : undefined
        const found =
          sent === undefined ? violations(response.value, door) : eventViolations(response.value, door, sent)
        assert.is(result.accepted, found.length === 0, `${result.source} ${door}: ${found.join('; ')}`)
        assert.ok(result.withProxyResponse, `${result.source} ${door}`)
        assertContract(result.withProxyResponse?.result, door, `${result.source} with proxyResponse()`, sent)
        compared.set(door, (compared.get(door) ?? 0) + 1)
      }
    }
  }
  // The responses of the logs that do not name their front door reach every front door of their shape.
  for (const door of FRONT_DOORS) assert.ok((compared.get(door) ?? 0) > 0, `no verdict compared on ${door}`)
})

Fixtures("shows CloudFront's reason on each trigger when its log names none, and says so", async () => {
  const [text, json] = await Promise.all([
    check(['check', 'cloudfront-lambdaedge.log'], { cwd: logs }),
    check(['check', 'cloudfront-lambdaedge.log', '--json'], { cwd: logs }),
  ])
  assert.is(json.code, 1)
  assert.equal(
    parseReport(json.stdout).results.map((r) => `${r.source} ${r.frontDoor}`),
    [1, 2, 3].flatMap((line) => EDGE_DOORS.map((door) => `cloudfront-lambdaedge.log:${line} ${door}`)),
  )
  assert.match(
    text.stdout,
    /\nnote: CloudFront's log does not say which trigger ran the function: its reason is shown for each; --front-door names the one \(cloudfront-origin-response, say\)\n/,
  )
  assert.match(
    text.stdout,
    /\n {2}cloudfront-lambdaedge\.log:1 {2}cloudfront-viewer-request {3}✗ refused \(502\) {2}cloudfront-validation-error\n/,
  )
  // The reason in the sentence, and the fix it points to.
  const [first] = parseReport(json.stdout).results
  assert.is(
    first?.problems[0]?.message,
    "CloudFront refused the function's result and answered 502: Lambda function result failed validation, the function tried to delete read-only header, headerName : Transfer-Encoding.",
  )
  // Its fix, told for the trigger of the row: a viewer request's read-only headers.
  assert.match(
    first?.problems[0]?.fix ?? '',
    /^Change the event's own request \(event\.Records\[0\]\.cf\.request\) and return it, its read-only headers \(CDN-Loop, Content-Length, Host, Transfer-Encoding and Via\) as they came; /,
  )
  assert.match(
    text.stdout,
    /^middy-proxy-response check cloudfront-lambdaedge\.log: 3 CloudFront refusals found\n/,
  )
})

Fixtures('judges a bare result on the front doors of its shape, or every one when it has none', async () => {
  const cases: Array<[string, readonly string[], RegExp]> = [
    [
      '{"statusCode":200,"body":"ok"}',
      FRONT_DOORS.filter((d) => !isCloudFrontDoor(d)),
      /a result with statusCode/,
    ],
    [
      '{"status":"200","headers":{"x-a":[{"key":"X-A","value":"1"}]}}',
      EDGE_DOORS,
      /a result in CloudFront's shape/,
    ],
    // A request sent on, as a viewer-request function returns it.
    [
      '{"uri":"/index.html","method":"GET","querystring":"","headers":{},"clientIp":"203.0.113.178"}',
      EDGE_DOORS,
      /CloudFront's shape/,
    ],
    [
      '"ok"',
      FRONT_DOORS,
      /a result of neither shape \(no statusCode, no status\) is judged on every front door/,
    ],
    ['{"statusCode":200,"status":"200"}', FRONT_DOORS, /neither shape/],
  ]
  for (const [input, doors, note] of cases) {
    const [json, text] = await Promise.all([
      check(['check', '-', '--json'], { stdin: input }),
      check(['check', '-'], { stdin: input }),
    ])
    assert.equal(
      parseReport(json.stdout).results.map((r) => r.frontDoor),
      [...doors],
      input,
    )
    assert.match(text.stdout, note, input)
  }
  // --front-door decides, and `cloudfront` stands for the four triggers.
  const named = await check(['check', '-', '--front-door', 'alb', '--front-door', 'cloudfront', '--json'], {
    stdin: '{"status":"200"}',
  })
  assert.equal(
    parseReport(named.stdout).results.map((r) => r.frontDoor),
    ['alb', ...EDGE_DOORS],
  )
})

Fixtures('says what an event, or a CloudFront page without a reason, is instead of a result', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-edge-'))
  try {
    writeFileSync(
      join(dir, 'x-cache.txt'),
      'HTTP/2 502\nserver: CloudFront\nx-cache: LambdaValidationError from cloudfront\n',
    )
    const cases: Array<[string, string, RegExp]> = [
      [
        join(sampleEvents, 'cloudfront/cloudfront-developer-guide-viewer-request-get-root.json'),
        sampleEvents,
        /holds no response: this is an event \(what cloudfront-viewer-request sends the function\), not a result: give it to the handler instead, middy-proxy-response check handler\.mjs --event FILE\.\n$/,
      ],
      [
        'cloudfront-503-page.txt',
        logs,
        /^middy-proxy-response: cloudfront-503-page\.txt holds no response: this is CloudFront's answer to a Lambda@Edge function that threw, timed out or could not run \(a 503, LambdaExecutionError\), not to a result it refused: the error is in the function's own log, \/aws\/lambda\/us-east-1\.<function name>, in the Region where it ran\.\n$/,
      ],
      [
        'x-cache.txt',
        dir,
        /^middy-proxy-response: x-cache\.txt holds no response: CloudFront refused the function's result \(LambdaValidationError\), but this holds neither the result nor CloudFront's reason: the reason is in \/aws\/cloudfront\/LambdaEdge\/<DistributionId>/,
      ],
    ]
    for (const [file, cwd, message] of cases) {
      const ran = await check(['check', file], { cwd })
      assert.is(ran.code, 2, file)
      assert.is(ran.stdout, '')
      assert.match(ran.stderr, message, file)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
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
