import { describeEvalSet } from '../helpers/eval-set.js';

// The held-out set: written after the extractor, scored by `npm run eval` with its misses shown.
describeEvalSet({ name: 'holdout', prefix: 'h', count: 40, words: [120, 350], minParagraphs: 3, minPositives: 20, minNegatives: 12, minEmptyNegatives: 12 });
