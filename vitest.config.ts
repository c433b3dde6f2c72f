import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A poll gives up after 1 s by default: under the whole suite's load on two cores a browser
    // screen fetching and drawing (同比趋势's four charts) sometimes took longer, and a test that
    // passes alone failed. A poll that should fail still fails, later.
    expect: { poll: { timeout: 10_000 } },
    // sqlite3 is a native addon: forks isolate it more safely than threads.
    pool: 'forks'
  }
})
