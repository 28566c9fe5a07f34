import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // Two cores: model tests use onnxruntime's threads, so run files one after another.
    fileParallelism: false,
  },
});
