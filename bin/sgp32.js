#!/usr/bin/env node
'use strict';
// The compiled CLI; `npm install` builds it (package.json "prepare").
process.exitCode = require('../dist/src/cli/main.js').main(process.argv.slice(2));
