export {
  DEFAULT_WINDOW_DAYS,
  SCORE_WEIGHTS,
  findAnswers,
  firstCue,
  isAnswerTo,
  matchRounds,
  scoreRound,
  type MatchOptions,
} from './match-rounds.js';
export { countryName, countryNameInText } from './countries.js';
