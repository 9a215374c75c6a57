/**
 * `npm run bench`: every benchmark in turn, each against its baseline measured in the same run.
 * Arguments (e.g. `--seconds 5`) reach every benchmark.
 */
for (const name of ['asn1', 'ecdsa', 'bpp', 'fuzz']) {
  console.log(`\n== ${name}`);
  require(`./${name}.bench`);
}
