// `npm run scan`: the checks n8n applies to a published community package, run here on this
// working tree and on its own `npm pack` tarball, before anything is published.
//
// `npx @n8n/scan-community-package <name>` downloads a published version, checks its npm provenance,
// fetches the attested source commit from GitHub and lints both with its own ESLint config. Its
// `analyzePackage(dir, patterns)` does that linting; this script calls it on the same two legs
// (the source files it picks, and the tarball's compiled JavaScript and package.json). Provenance
// cannot be checked before publishing: the publish workflow's `npm publish --provenance` provides it.
//
// Also checked: `eslint.config.mjs` is @n8n/node-cli's template unchanged (what `n8n-node lint`
// requires of a package with `"strict": true`), every file package.json names is in the tarball,
// and no source map in it points at a file it does not ship.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// The scanner makes its temporary folder when it is imported: give it one we remove afterwards.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-package-'));
process.env.TMPDIR = work;
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');

const failures = [];
const ok = (line) => console.log(`✅ ${line}`);
const fail = (line, details) => {
	console.log(`❌ ${line}`);
	if (details) console.log(details);
	failures.push(line);
};

try {
	checkStrictEslintConfig();

	const pack = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }))[0];
	const tarball = path.join(work, pack.filename);
	const packageDir = path.join(work, 'package');
	execFileSync('tar', ['-xzf', tarball, '-C', work]);
	ok(`packed ${pack.filename}: ${pack.entryCount} files, ${Math.round(pack.size / 1024)} kB`);

	checkNamedFiles(packageDir, new Set(pack.files.map((file) => file.path)));
	checkSourceMaps(packageDir, pack.files.map((file) => file.path));

	const sourceResult = await analyzePackage(ROOT, SOURCE_FILE_PATTERNS);
	report(`n8n's scanner on the sources (${SOURCE_FILE_PATTERNS.join(', ')})`, sourceResult);
	const distResult = await analyzePackage(packageDir, ['**/*.js', 'package.json']);
	report(`n8n's scanner on the tarball (**/*.js, package.json)`, distResult);
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
	console.log(`\n${failures.length} check(s) failed.`);
	process.exit(1);
}
console.log('\nAll package checks passed (npm provenance is added when the publish workflow publishes).');

function report(label, result) {
	if (result.passed) ok(label);
	else fail(`${label}: ${result.message}`, result.details);
}

function checkStrictEslintConfig() {
	// @n8n/node-cli/eslint is dist/configs/eslint.js; `n8n-node lint` compares against dist/template/….
	const template = path.join(path.dirname(require.resolve('@n8n/node-cli/eslint')), '..', 'template/templates/shared/default/eslint.config.mjs');
	const normalize = (text) => text.replace(/\s+/g, ' ').trim();
	const ours = fs.readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8');
	if (normalize(ours) === normalize(fs.readFileSync(template, 'utf8'))) ok("eslint.config.mjs is @n8n/node-cli's template, unchanged");
	else fail("eslint.config.mjs differs from @n8n/node-cli's template (n8n's strict mode requires it unchanged)");
}

function checkNamedFiles(packageDir, shipped) {
	const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const named = [manifest.main, manifest.types, ...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])].filter(Boolean);
	const missing = named.map((file) => path.posix.normalize(file)).filter((file) => !shipped.has(file));
	if (missing.length === 0) ok(`every file package.json names is in the tarball (${named.length})`);
	else fail(`package.json names files the tarball lacks: ${missing.join(', ')}`);
}

function checkSourceMaps(packageDir, files) {
	const shipped = new Set(files);
	const maps = files.filter((file) => file.endsWith('.map'));
	const dangling = [];
	for (const file of maps) {
		const map = JSON.parse(fs.readFileSync(path.join(packageDir, file), 'utf8'));
		map.sources.forEach((source, index) => {
			const target = path.posix.join(path.posix.dirname(file), map.sourceRoot ?? '', source);
			if (!shipped.has(target) && map.sourcesContent?.[index] == null) dangling.push(`${file} -> ${target}`);
		});
	}
	if (dangling.length === 0) ok(`no source map points at a file the tarball lacks (${maps.length} maps)`);
	else fail(`${dangling.length} source map reference(s) to files not shipped, e.g. ${dangling.slice(0, 3).join('; ')}`);
}
