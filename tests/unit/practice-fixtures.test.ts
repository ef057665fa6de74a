import { describeEvalSet } from '../helpers/eval-set.js';

// The practice set: written to be studied (its misses are printed by `npm run eval`), unlike the sealed set.
describeEvalSet({ name: 'practice', prefix: 'p', count: 50, words: [120, 350], minParagraphs: 3, minPositives: 30, minNegatives: 15, minEmptyNegatives: 15 });
