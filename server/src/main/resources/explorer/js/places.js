// Famous places to start from. Centres are exact to double precision where the place is a
// precise point (nuclei of minibrots found by Newton's method on f_c^p(0) = 0); spans are the
// real-axis width to show (a number, or a decimal string when deeper than doubles go). Julia
// places give the parameter c of the Julia set. The two deep minibrots were found with the
// service's minibrot finder (GET /api/v1/minibrot?re=0&im=1&span=2e-16, then span=2e-25) near
// the Misiurewicz point c = i, and their renders checked against exact iteration.

export const PLACES = Object.freeze([
  { id: 'whole', name: 'The whole set', re: '-0.6', im: '0', span: 3.6 },
  { id: 'seahorse', name: 'Seahorse valley', re: '-0.7453', im: '0.1127', span: 0.012 },
  { id: 'seahorse-spiral', name: 'Seahorse spiral', re: '-0.743643887037151', im: '0.13182590420533', span: 0.00006 },
  { id: 'elephant', name: 'Elephant valley', re: '0.2925', im: '0.0149', span: 0.022 },
  { id: 'triple-spiral', name: 'Triple spiral valley', re: '-0.088', im: '0.654', span: 0.024 },
  { id: 'minibrot', name: 'Minibrot (period 3)', re: '-1.754877666246693', im: '0', span: 0.045 },
  { id: 'minibrot-deep', name: 'Minibrot (period 5)', re: '-1.9854242530542052', im: '0', span: 0.0005 },
  {
    id: 'deep-32', name: 'Deep: minibrot at 1e-32',
    re: '0.00000000000000003731540027414900224824923742408557667',
    im: '1.00000000000000001247205529807902678728471849869267228', span: '2.34e-32',
  },
  {
    id: 'deep-50', name: 'Deep: minibrot at 1e-50',
    re: '-0.00000000000000000000000003475267465612760330623736303841495751746208046',
    im: '0.99999999999999999999999998838449334904642463188485080825979523047818926', span: '2.03e-50',
  },
  { id: 'rabbit', name: 'Julia: Douady rabbit', re: '0', im: '0', span: 3.4, julia: { re: '-0.12256116687665364', im: '0.7448617666197442' } },
  { id: 'dendrite', name: 'Julia: dendrite (c = i)', re: '0', im: '0', span: 3.6, julia: { re: '0', im: '1' } },
  { id: 'siegel', name: 'Julia: Siegel disk', re: '0', im: '0', span: 3.4, julia: { re: '-0.390540870218399', im: '-0.586787907346969' } },
]);
