// Writes the Recovered tab's fixture archive (argv[2]): the unit tests' images
// in a plain tar. Bundled and run by recovered.spec.ts (the images need the
// CRIU schema, whose .proto?raw imports only the bundler resolves).
import { writeFileSync } from 'node:fs';
import { file, tar } from '../hostile/tar-writer';
import { recoveredImages } from '../unit/inspect/recovered-images';

const members = [file('config.dump', '{}'), file('spec.dump', '{}')];
for (const [name, bytes] of Object.entries(recoveredImages())) members.push(file(`checkpoint/${name}`, bytes));
writeFileSync(process.argv[2]!, tar(...members));
