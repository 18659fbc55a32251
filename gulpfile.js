const path = require('path');
const { task, src, dest } = require('gulp');

// tsc only emits JavaScript: icons and the codex files (*.node.json) must be copied beside it.
task('build:icons', copyAssets);

function copyAssets() {
	const nodeAssets = src(['nodes/**/*.{png,svg,json}']).pipe(dest(path.resolve('dist', 'nodes')));
	const icons = src(['icons/**/*.svg']).pipe(dest(path.resolve('dist', 'icons')));
	return Promise.all([streamDone(nodeAssets), streamDone(icons)]);
}

function streamDone(stream) {
	return new Promise((resolve, reject) => stream.on('finish', resolve).on('error', reject));
}
