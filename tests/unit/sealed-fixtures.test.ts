import { describeEvalSet } from '../helpers/eval-set.js';

// The sealed set: scored only by `npm run eval`, never read while tuning the extractor.
describeEvalSet({ name: 'sealed', prefix: 's', count: 30, words: [200, 450], minParagraphs: 4, minPositives: 20, minNegatives: 8, minEmptyNegatives: 6 });
