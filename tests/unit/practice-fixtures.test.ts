import { describeEvalSet } from '../helpers/eval-set.js';

// The practice set: written to be studied (its misses are printed by `npm run eval`), unlike the sealed set.
describeEvalSet({ name: 'practice', prefix: 'p', count: 1099, words: [120, 350], minParagraphs: 3, minPositives: 730, minNegatives: 360, minEmptyNegatives: 195 });
