/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	testTimeout: 30000,
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
	// n8n-core leaves module-level handles open after a run (seen with 2.8.1); without this jest
	// waits for them forever instead of exiting once the tests are done.
	forceExit: true,
};
