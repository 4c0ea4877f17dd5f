// Famous places to start from. Centres are exact to double precision where the place is a
// precise point (nuclei of minibrots found by Newton's method on f_c^p(0) = 0); spans are the
// real-axis width to show. Julia places give the parameter c of the Julia set.

export const PLACES = Object.freeze([
  { id: 'whole', name: 'The whole set', re: '-0.6', im: '0', span: 3.6 },
  { id: 'seahorse', name: 'Seahorse valley', re: '-0.7453', im: '0.1127', span: 0.012 },
  { id: 'seahorse-spiral', name: 'Seahorse spiral', re: '-0.743643887037151', im: '0.13182590420533', span: 0.00006 },
  { id: 'elephant', name: 'Elephant valley', re: '0.2925', im: '0.0149', span: 0.022 },
  { id: 'triple-spiral', name: 'Triple spiral valley', re: '-0.088', im: '0.654', span: 0.024 },
  { id: 'minibrot', name: 'Minibrot (period 3)', re: '-1.754877666246693', im: '0', span: 0.045 },
  { id: 'minibrot-deep', name: 'Minibrot (period 5)', re: '-1.9854242530542052', im: '0', span: 0.0005 },
  { id: 'rabbit', name: 'Julia: Douady rabbit', re: '0', im: '0', span: 3.4, julia: { re: '-0.12256116687665364', im: '0.7448617666197442' } },
  { id: 'dendrite', name: 'Julia: dendrite (c = i)', re: '0', im: '0', span: 3.6, julia: { re: '0', im: '1' } },
  { id: 'siegel', name: 'Julia: Siegel disk', re: '0', im: '0', span: 3.4, julia: { re: '-0.390540870218399', im: '-0.586787907346969' } },
]);
