// Generated audio that the speech-region finder takes for talk: no real voice is available to
// the tests, so a signal with talk's traits stands in for one.
// A vowel-like tone gliding in pitch, its level following syllables (about 4 a second);
// `talk` seconds of it, then `pause` of silence, repeated.
export const talkLike = (talk: number, pause: number) =>
  `if(lt(mod(t,${talk + pause}),${talk}),0.4*sin(2*PI*(140+40*sin(2*PI*0.5*t))*t)*pow(abs(sin(2*PI*2.1*t)),2)*(0.6+0.4*sin(2*PI*0.37*t))+0.05*sin(2*PI*2300*t)*abs(sin(2*PI*3.3*t)),0)`;
