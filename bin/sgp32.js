#!/usr/bin/env node
'use strict';
// The compiled CLI; `npm install` builds it (package.json "prepare").
require('../dist/src/cli/main.js').main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
