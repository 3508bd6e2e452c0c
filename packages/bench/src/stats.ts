// Small statistics and formatting helpers shared by the benchmark and the size report.

/** The q-quantile (0..1) of `values`, interpolated between the two nearest ranks. */
export const quantile = (values: readonly number[], q: number): number => {
  if (values.length === 0) throw new Error('quantile of an empty list')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (sorted.length - 1) * q
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  const lowValue = sorted[low] as number
  const highValue = sorted[high] as number
  return lowValue + (highValue - lowValue) * (rank - low)
}

export const median = (values: readonly number[]): number => quantile(values, 0.5)

/**
 * Half the interquartile range as a fraction of the median: a robust noise figure that, unlike a
 * standard deviation, is not blown up by the odd batch that a garbage collection lands in.
 */
export const spread = (values: readonly number[]): number =>
  (quantile(values, 0.75) - quantile(values, 0.25)) / 2 / median(values)

export const formatInt = (value: number): string => Math.round(value).toLocaleString('en-US')

export const formatRatio = (value: number): string => value.toFixed(2)

export const formatPercent = (value: number): string => `${(value * 100).toFixed(1)}%`

/** Renders rows as a plain-text table, right-aligning every column but the first. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const all = [header, ...rows]
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)))
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0
        return column === 0 ? cell.padEnd(width) : cell.padStart(width)
      })
      .join('  ')
      .trimEnd()
  const rule = widths.map((width) => '-'.repeat(width)).join('  ')
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/**
 * A target's line. A missed target is a figure, not a failure: no line starts with FAIL, so that a
 * passing test run (which runs the quick mode) prints none; only a broken harness exits non-zero.
 */
export const verdict = (met: boolean, text: string, quick: boolean): string =>
  `${met ? 'MET   ' : quick ? 'MISSED (quick run; a figure, not a failure)' : 'MISSED'}  ${text}`
