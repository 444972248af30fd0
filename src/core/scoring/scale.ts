/** The answer scale: every option scores a whole number from 0 to SCALE_MAX, and a question's best option scores SCALE_MAX. */
export const SCALE_MAX = 4;
