// One source of path aliases: tsconfig.json. Jest and the workflow bundler derive theirs from it.
'use strict';
const path = require('node:path');
const tsconfig = require('../tsconfig.json');

const root = path.resolve(__dirname, '..');
const paths = tsconfig.compilerOptions.paths;

/** moduleNameMapper entries for jest. */
function jestModuleNameMapper() {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(paths)) {
    if (alias.endsWith('/*')) {
      mapper[`^${alias.slice(0, -2)}/(.*)$`] = `<rootDir>/${target.slice(0, -2)}/$1`;
    } else {
      mapper[`^${alias}$`] = `<rootDir>/${target}`;
    }
  }
  return mapper;
}

/**
 * webpack resolve.alias entries. `sourceRoot` is the tree the bundler reads:
 * the repository for .ts sources, or dist/ for compiled output.
 */
function webpackAliases(sourceRoot = root) {
  const aliases = {};
  for (const [alias, [target]] of Object.entries(paths)) {
    if (alias.endsWith('/*')) {
      aliases[alias.slice(0, -2)] = path.join(sourceRoot, target.slice(0, -2));
    } else {
      aliases[`${alias}$`] = path.join(sourceRoot, path.dirname(target));
    }
  }
  return aliases;
}

module.exports = { jestModuleNameMapper, webpackAliases };
