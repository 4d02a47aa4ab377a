using System.Globalization;
using Bifurcations.Linearization;
using Bifurcations.Reduced;

namespace Bifurcations.Continuation;

/// <summary>
/// One direction of a branch: predictor, corrector, step control, detection and location of special points, and the
/// hand-over between pieces of the problem. Coordinates are scaled, z = (u, p / scale).
/// </summary>
sealed class Walker
{
    readonly ContinuationSettings _s;
    readonly CancellationToken _cancel;
    readonly List<ContinuationPoint> _points = [];
    readonly List<SpecialPoint> _special = [];
    IContinuationProblem _p;
    Node _node;
    double[] _t;
    double _ds;
    int _switches;
    // Every hand-over made so far: where the next piece started, which way, and how long the branch was then.
    readonly List<Handover> _handovers = [];
    // Reference signs of the test functions at the current point; 0 = not known yet (the point sits on the zero).
    int[] _eventSigns = [];
    int _detSign;
    int _unstable;
    readonly IContinuationProblem _startProblem;
    readonly double[] _startZ, _startT;

    public Walker(IContinuationProblem problem, Node start, double[] tangent, ContinuationSettings settings, CancellationToken cancel, bool startsAtBranchPoint = false)
    {
        (_p, _node, _t, _s, _cancel) = (problem, start, tangent, settings, cancel);
        _ds = settings.InitialStep;
        _startProblem = problem;
        _startZ = start.Z;
        _startT = tangent;
        var (spectrum, stability) = Dynamics(start.Z);
        ResetSigns(start, spectrum);
        if (startsAtBranchPoint) _detSign = 0;
        _points.Add(Point(start.Z, spectrum, stability));
    }

    int M => _p.Dimension;
    double ParameterOf(double[] z) => z[M] * _p.ParameterScale;

    public WalkResult Run()
    {
        while (true)
        {
            _cancel.ThrowIfCancellationRequested();
            if (_points.Count >= _s.MaxSteps) return End(BranchEndReason.MaxSteps, $"the step budget ({_s.MaxSteps} points) ran out");
            var step = TryStep();
            if (step is null && AtBound() is { } bound)
            {
                // The step failed because it left the parameter's range (or the problem's domain just beyond it): end exactly on the bound.
                AddBoundPoint(bound.Z);
                return End(BranchEndReason.ParameterBound, FormattableString.Invariant($"{_p.ParameterName} reached {ParameterOf(bound.Z):G10}"));
            }
            if (step is null)
            {
                _ds /= 2;
                if (_ds >= _s.MinStep) continue;
                var rescue = _p.Recoordinate(_node.Z.AsSpan(0, M), ParameterOf(_node.Z), _t);
                if (rescue is not null)
                {
                    if (Switch(rescue, _node, _points.Count - 1, _special.Count) is { } ended) return ended;
                    continue;
                }
                return End(BranchEndReason.Stalled, FormattableString.Invariant(
                    $"the corrector failed at the smallest step (ds = {_s.MinStep:G3}) at {_p.ParameterName} = {ParameterOf(_node.Z):G10}, and the problem has no other coordinates there"));
            }
            var (next, tangent, det) = step.Value;
            var result = Advance(next, tangent, det);
            if (result is not null) return result;
        }
    }

    /// <summary>A predictor–corrector step of size ds: the corrected point, its tangent and the branch-point test function; null to retry smaller.</summary>
    (Node Node, double[] Tangent, double Det)? TryStep()
    {
        var predictor = new double[M + 1];
        for (int j = 0; j <= M; j++) predictor[j] = _node.Z[j] + _ds * _t[j];
        // Within a fifth of a step of the predictor: farther, the corrector may be converging to a neighbouring branch.
        var next = Corrector.Solve(_p, predictor, _t, Math.Max(0.2 * _ds, 1e-9), _s.Newton);
        if (next is null) return null;
        var tangent = Corrector.Tangent(next.Jacobian, _t);
        if (tangent is null) return null;
        // A sharp turn may hide two folds in one step, or a jump to a neighbouring branch: retake it smaller.
        if (PseudoArclength.Dot(tangent.Value.Tangent, _t) < Math.Cos(_s.MaxTurn) && _ds > 4 * _s.MinStep) return null;
        // On one smooth arc the chord is the mean of the end tangents to second order (ContinuationSettings.ChordTolerance):
        // a chord that is not ended on another branch passing close by (an imperfect pitchfork).
        if (_ds > 4 * _s.MinStep)
            for (int j = 0; j <= M; j++)
                if (Math.Abs(next.Z[j] - _node.Z[j] - 0.5 * _ds * (_t[j] + tangent.Value.Tangent[j])) > _s.ChordTolerance * _ds) return null;
        return (next, tangent.Value.Tangent, tangent.Value.Determinant);
    }

    /// <summary>
    /// If the predictor of the current step crosses a bound of the parameter, the point on the bound (solved with the
    /// parameter held there), or null.
    /// </summary>
    Node? AtBound()
    {
        double p0 = ParameterOf(_node.Z), p1 = p0 + _ds * _t[M] * _p.ParameterScale;
        double bound = p1 > _s.ParameterMax ? _s.ParameterMax : p1 < _s.ParameterMin ? _s.ParameterMin : double.NaN;
        if (double.IsNaN(bound) || p1 == p0) return null;
        double sigma = _ds * (bound - p0) / (p1 - p0);
        var z = new double[M + 1];
        for (int j = 0; j <= M; j++) z[j] = _node.Z[j] + sigma * _t[j];
        z[M] = bound / _p.ParameterScale;
        var node = Corrector.Solve(_p, z, PseudoArclength.Unit(M + 1, M), Math.Max(_ds, 1e-9), _s.Newton);
        return node is not null && ParameterOf(node.Z) == bound ? node : null;
    }

    /// <summary>Takes the step to <paramref name="next"/>: locates what lies between, hands over or ends if an event says so.</summary>
    WalkResult? Advance(Node next, double[] tNext, double det)
    {
        var (spectrum, stability) = Dynamics(next.Z);
        var crossings = new List<Crossing>();
        double span = _ds;

        if (_s.Detect.HasFlag(Detection.Folds) && _t[M] * tNext[M] < 0)
            crossings.Add(LocateFold(span, next, tNext));
        if (_s.Detect.HasFlag(Detection.BranchPoints) && _detSign != 0 && Math.Sign(det) != 0 && Math.Sign(det) != _detSign)
            crossings.Add(Locate(CrossingKind.BranchPoint, -1, span, TangentAt(_node)?.Det ?? _detSign, det, n => TangentAt(n)?.Det));
        // A Hopf point changes the number of unstable eigenvalues by two; a fold or a branch point changes it by one (and
        // is seen above), and a complex pair turning real changes it by none.
        int unstable = UnstableCount(spectrum);
        bool realCrossing = crossings.Count > 0;
        if (_s.Detect.HasFlag(Detection.Hopf) && Math.Abs(unstable - _unstable) - (realCrossing ? 1 : 0) >= 2)
        {
            int before = _unstable;
            crossings.Add(Locate(CrossingKind.Hopf, -1, span, 1, -1, n => UnstableCount(Dynamics(n.Z).Spectrum) == before ? 1 : -1));
        }
        var g = Events(next.Z);
        for (int i = 0; i < g.Length; i++)
        {
            int sign = Math.Sign(g[i]);
            if (_eventSigns[i] != 0 && sign != 0 && sign != _eventSigns[i])
            {
                int index = i;
                crossings.Add(Locate(CrossingKind.Event, i, span, _eventSigns[i], g[i], n => Events(n.Z)[index]));
            }
        }
        double pNext = ParameterOf(next.Z);
        if (pNext > _s.ParameterMax || pNext < _s.ParameterMin)
        {
            double bound = pNext > _s.ParameterMax ? _s.ParameterMax : _s.ParameterMin;
            crossings.Add(Locate(CrossingKind.Bound, -1, span, ParameterOf(_node.Z) - bound, pNext - bound, n => ParameterOf(n.Z) - bound));
        }

        foreach (var c in crossings.OrderBy(c => c.Sigma))
        {
            var at = c.Node;
            double p = ParameterOf(at.Z);
            var here = TangentAt(at)?.Tangent ?? _t;
            switch (c.Kind)
            {
                // The branch's polyline passes through its located special points (a bracketed one is known to its bracket only).
                case CrossingKind.Fold:
                    Record(SpecialPointKind.Fold, "fold", c, at);
                    if (c.Status == SpecialPointStatus.Located) AddPoint(at.Z);
                    break;
                case CrossingKind.BranchPoint:
                    // The branch's own direction from before the point: at the branch point the bordered tangent solve is singular.
                    Record(SpecialPointKind.BranchPoint, "branch point", c, at, Corrector.OtherDirection(at.Jacobian, _t));
                    if (c.Status == SpecialPointStatus.Located) AddPoint(at.Z);
                    break;
                case CrossingKind.Hopf:
                    // Only a complex pair on the imaginary axis is a Hopf point (two real eigenvalues through 0 at once are not).
                    if (!IsHopf(Dynamics(at.Z).Spectrum)) break;
                    Record(SpecialPointKind.Hopf, "Hopf point", c, at);
                    if (c.Status == SpecialPointStatus.Located) AddPoint(at.Z);
                    break;
                case CrossingKind.Bound:
                {
                    // End exactly on the bound: the located point, solved again with the parameter held there.
                    double bound = ParameterOf(at.Z) > 0.5 * (_s.ParameterMin + _s.ParameterMax) ? _s.ParameterMax : _s.ParameterMin;
                    var z = (double[])at.Z.Clone();
                    z[M] = bound / _p.ParameterScale;
                    if (Corrector.Solve(_p, z, PseudoArclength.Unit(M + 1, M), Math.Max(span, 1e-9), _s.Newton) is { } exact) at = exact;
                    p = ParameterOf(at.Z);
                }
                AddBoundPoint(at.Z);
                return End(BranchEndReason.ParameterBound, FormattableString.Invariant($"{_p.ParameterName} reached {p:G10}"));
                case CrossingKind.Event:
                    var outcome = _p.OnEvent(c.Index, at.Z.AsSpan(0, M), p, here);
                    switch (outcome)
                    {
                        case EventOutcome.Report report:
                            if (_s.Detect.HasFlag(Detection.Events)) Record(SpecialPointKind.Event, report.What, c, at, eventIndex: c.Index);
                            break;
                        case EventOutcome.EndBranch end:
                            Record(SpecialPointKind.Event, end.What, c, at, eventIndex: c.Index);
                            AddPoint(at.Z);
                            return End(end.Reason, end.What);
                        case EventOutcome.Switch sw:
                        {
                            int pointsBefore = _points.Count, specialBefore = _special.Count;
                            if (sw.Recorded) Record(SpecialPointKind.Event, sw.What, c, at, eventIndex: c.Index);
                            AddPoint(at.Z);
                            _t = here;
                            return Switch(sw, at, pointsBefore, specialBefore);
                        }
                    }
                    break;
            }
        }

        // No hand-over: the step stands.
        if (ClosesLoop(next.Z))
        {
            AddPoint(next.Z, spectrum, stability);
            AddPoint(_startZ);
            return End(BranchEndReason.ClosedLoop, FormattableString.Invariant($"the branch came back to its start at {_p.ParameterName} = {ParameterOf(_startZ):G10}"));
        }
        int iterations = next.Iterations;
        _node = next;
        _t = tNext;
        _detSign = Math.Sign(det) != 0 ? Math.Sign(det) : _detSign;
        _unstable = unstable;
        for (int i = 0; i < g.Length; i++) if (Math.Sign(g[i]) != 0) _eventSigns[i] = Math.Sign(g[i]);
        _points.Add(Point(next.Z, spectrum, stability));
        _ds = iterations <= _s.FastIterations ? Math.Min(_s.MaxStep, _ds * _s.StepGrowth)
            : iterations >= _s.SlowIterations ? Math.Max(_s.MinStep, _ds * _s.StepShrink) : _ds;
        return null;
    }

    /// <summary>
    /// The branch goes on in another piece; null to continue, or the end if the hand-over fails or repeats one already
    /// made (a closed loop). <paramref name="pointsBefore"/> and <paramref name="specialBefore"/> are the lengths of the
    /// point and special-point lists before this hand-over added to them.
    /// </summary>
    WalkResult? Switch(EventOutcome.Switch sw, Node at, int pointsBefore, int specialBefore)
    {
        if (++_switches > _s.MaxSwitches)
            return End(BranchEndReason.TooManySwitches, $"more than {_s.MaxSwitches} changes of piece ({sw.What})");
        double p = ParameterOf(at.Z);
        var previousT = _t;
        int previousM = M;
        _p = sw.Next;
        if (sw.State.Length != M) throw new InvalidOperationException($"a switch handed over {sw.State.Length} components to a problem of dimension {M}");
        var z = new double[M + 1];
        sw.State.CopyTo(z, 0);
        z[M] = p / _p.ParameterScale;
        // The handed-over state lies on the next piece's boundary: correct it within the plane normal to the hint (which keeps
        // it on that boundary, e.g. ℓ = ±1 or α = 0), or at the same parameter if there is no hint.
        Node? start = null;
        if (sw.TangentHint is { } h) start = Corrector.Solve(_p, z, Normalized(h), 0.01, _s.Newton);
        start ??= Corrector.Solve(_p, z, PseudoArclength.Unit(M + 1, M), 0.01, _s.Newton);
        // A fold curve that reaches the place where two pieces meet (a vertex of the manifold, a label at its clip) need not
        // go on as a fold of the next piece: the turning point can become a corner of the branch there, which a fold problem
        // (smooth turning points only) does not describe. The curve ends there, as a non-smooth end, not as a stall.
        if (start is null && _p is FoldProblem)
            return End(BranchEndReason.NonSmooth, FormattableString.Invariant($"the fold reaches a place where pieces meet ({sw.What}) at {_p.ParameterName} = {p:G10} and is no smooth fold of the next piece: the fold curve ends there"));
        if (start is null)
            return End(BranchEndReason.Stalled, FormattableString.Invariant($"after {sw.What} at {_p.ParameterName} = {p:G10} the next piece ({_p}) has no solution there"));
        var t = Corrector.NullVector(start.Jacobian);
        bool flip = sw.TangentHint is { } hint ? PseudoArclength.Dot(t, hint) < 0 : t[M] * previousT[previousM] < 0;
        if (sw.InsideEvent is int inside)
        {
            // Orient by where the next piece is valid: its event function is positive a first step along the branch.
            double Probe(double sigma) =>
                Corrector.Solve(_p, start.Z.Select((v, j) => v + sigma * t[j]).ToArray(), t, Math.Abs(sigma) + 1e-9, _s.Newton) is { } n
                    ? Events(n.Z)[inside] : double.NaN;
            double ahead = Probe(_s.InitialStep), behind = Probe(-_s.InitialStep);
            if (!(ahead > 0) && !(behind > 0))
                return End(BranchEndReason.NonSmooth, FormattableString.Invariant(
                    $"after {sw.What} at {_p.ParameterName} = {p:G10} the next piece ({_p}) is valid on neither side"));
            flip = !(ahead > 0) || (behind > 0 && behind > ahead);
        }
        if (flip) PseudoArclength.Scale(t, -1);
        if (RepeatedHandover(start.Z, t) is { } first)
        {
            // Round a loop made of several pieces: the start problem need not come back (ClosesLoop would wait forever),
            // but the first hand-over does. The branch is the loop from that hand-over to this one, each point once.
            _points.RemoveRange(0, first.PointsBefore);
            _special.RemoveRange(specialBefore, _special.Count - specialBefore);
            _special.RemoveRange(0, first.SpecialBefore);
            return End(BranchEndReason.ClosedLoop, FormattableString.Invariant(
                $"the branch came back to a hand-over it had made ({sw.What}) at {_p.ParameterName} = {p:G10}"));
        }
        _handovers.Add(new Handover(_p, start.Z, t, pointsBefore, specialBefore));
        _node = start;
        _t = t;
        // The parameter turns back at the hand-over: a fold at a non-smooth place (two branches meet at a corner).
        if (t[M] * previousT[previousM] < 0 && _s.Detect.HasFlag(Detection.Folds))
        {
            var (spectrumAt, _) = Dynamics(start.Z);
            Eigenvalue? smallest = spectrumAt.Length == 0 ? null : spectrumAt.MinBy(e => e.Log10Magnitude);
            _special.Add(new SpecialPoint(SpecialPointKind.Fold, $"fold at a non-smooth place ({sw.What})", p, p, p, start.Z[..M], _p,
                SpecialPointStatus.Located, _s.LocationTolerance, smallest, NonSmooth: true));
        }
        var (spectrum, stability) = Dynamics(start.Z);
        ResetSigns(start, spectrum);
        // The piece starts on its own boundary, inside: a first step that leaves it again is a crossing to locate.
        if (sw.InsideEvent is int inner && _eventSigns[inner] == 0) _eventSigns[inner] = 1;
        _points.Add(Point(start.Z, spectrum, stability));
        _ds = Math.Max(_ds, _s.InitialStep);
        return null;
    }

    sealed record Handover(IContinuationProblem Next, double[] Z, double[] Tangent, int PointsBefore, int SpecialBefore);

    /// <summary>
    /// The earlier hand-over into the same piece at the same point going the same way, if any, with steps taken since:
    /// through a regular point of a piece passes one branch, so the walk has come round.
    /// </summary>
    Handover? RepeatedHandover(double[] z, double[] t)
    {
        foreach (var h in _handovers)
        {
            if (!h.Next.Equals(_p) || h.Z.Length != z.Length || PseudoArclength.Dot(h.Tangent, t) <= 0 || _points.Count - h.PointsBefore < 4) continue;
            double distance = 0;
            for (int j = 0; j < z.Length; j++) distance = Math.Max(distance, Math.Abs(z[j] - h.Z[j]));
            if (distance <= 1e-7 * Math.Max(1, Math.Abs(z[^1]))) return h;
        }
        return null;
    }

    static double[] Normalized(double[] v)
    {
        var c = (double[])v.Clone();
        double n = Math.Sqrt(PseudoArclength.Dot(c, c));
        if (n > 0) PseudoArclength.Scale(c, 1 / n);
        return c;
    }

    void ResetSigns(Node at, Eigenvalue[] spectrum)
    {
        // A piece handed over on its own boundary starts within round-off of that event's zero: its side is not known yet.
        _eventSigns = Events(at.Z).Select(v => Math.Abs(v) <= 1e-9 ? 0 : Math.Sign(v)).ToArray();
        _detSign = TangentAt(at) is { } tg ? Math.Sign(tg.Det) : 0;
        _unstable = UnstableCount(spectrum);
    }

    /// <summary>Whether the step just taken passes the start point again (same piece, same direction).</summary>
    bool ClosesLoop(double[] next)
    {
        if (_points.Count < 4 || !_p.Equals(_startProblem) || PseudoArclength.Dot(_t, _startT) <= 0) return false;
        // Distance from the start to the segment current → next.
        int n = next.Length;
        double len2 = 0, proj = 0;
        for (int j = 0; j < n; j++) { double d = next[j] - _node.Z[j]; len2 += d * d; proj += (_startZ[j] - _node.Z[j]) * d; }
        double s = len2 > 0 ? Math.Clamp(proj / len2, 0, 1) : 0, dist2 = 0;
        for (int j = 0; j < n; j++) { double q = _node.Z[j] + s * (next[j] - _node.Z[j]) - _startZ[j]; dist2 += q * q; }
        return Math.Sqrt(dist2) < 0.1 * _ds + 1e-9 && s > 0;
    }

    (double[] Tangent, double Det)? TangentAt(Node n) => Corrector.Tangent(n.Jacobian, _t);

    double[] Events(double[] z)
    {
        var g = new double[_p.EventNames.Count];
        if (g.Length > 0) _p.Events(z.AsSpan(0, M), ParameterOf(z), g);
        return g;
    }

    (Eigenvalue[] Spectrum, Stability Stability) Dynamics(double[] z) => _p.Stability(z.AsSpan(0, M), ParameterOf(z));

    static int UnstableCount(Eigenvalue[] spectrum) => spectrum.Count(e => e.RealPart.Sign > 0);

    /// <summary>Whether the eigenvalue nearest the imaginary axis is one of a complex pair.</summary>
    static bool IsHopf(Eigenvalue[] spectrum)
    {
        if (spectrum.Length < 2) return false;
        var nearest = spectrum.MinBy(e => Math.Abs(e.Real));
        double size = spectrum.Max(e => Math.Abs(e.Real));
        return Math.Abs(nearest.Imaginary) > 1e-9 * Math.Max(1, size);
    }

    enum CrossingKind { Fold, BranchPoint, Hopf, Event, Bound }

    sealed record Crossing(CrossingKind Kind, int Index, double Sigma, Node Node, double From, double To, SpecialPointStatus Status, double Precision);

    /// <summary>
    /// Locates the zero of a test function g along the step: g(σ) at the point corrected from the predictor node + σ·t
    /// (σ ∈ [0, span]); Illinois steps with a bisection every fourth, down to the location tolerance. If a trial point
    /// cannot be corrected the bracket found so far is returned (status Bracketed).
    /// </summary>
    Crossing Locate(CrossingKind kind, int index, double span, double g0, double g1, Func<Node, double?> g)
    {
        double a = 0, b = span, ga = g0, gb = g1;
        Node nodeA = _node, nodeB = Corrector.Solve(_p, Along(span), _t, Math.Max(0.5 * span, 1e-9), _s.Newton) ?? _node;
        var status = SpecialPointStatus.Located;
        int side = 0;
        for (int it = 0; it < 200 && b - a > _s.LocationTolerance; it++)
        {
            double sigma = it % 4 == 3 || gb == ga ? 0.5 * (a + b) : a - ga * (b - a) / (gb - ga);
            if (!(sigma > a && sigma < b)) sigma = 0.5 * (a + b);
            var trial = Corrector.Solve(_p, Along(sigma), _t, Math.Max(0.5 * span, 1e-9), _s.Newton);
            double? value = trial is null ? null : g(trial);
            // A trial exactly on a singular point (a branch point's Jacobian vanishes there) cannot be corrected: nudge it.
            for (int nudge = 1; nudge <= 3 && (trial is null || value is null || !double.IsFinite(value.Value)); nudge++)
            {
                double shifted = sigma + (nudge % 2 == 1 ? -1 : 1) * Math.Pow(0.1, nudge + 1) * (b - a);
                if (!(shifted > a && shifted < b)) continue;
                trial = Corrector.Solve(_p, Along(shifted), _t, Math.Max(0.5 * span, 1e-9), _s.Newton);
                value = trial is null ? null : g(trial);
                if (trial is not null && value is not null && double.IsFinite(value.Value)) sigma = shifted;
            }
            if (trial is null || value is null || !double.IsFinite(value.Value))
            {
                status = SpecialPointStatus.Bracketed;
                break;
            }
            if (value == 0) { a = b = sigma; nodeA = nodeB = trial; break; }
            if (Math.Sign(value.Value) == Math.Sign(ga))
            {
                (a, ga, nodeA) = (sigma, value.Value, trial);
                if (side == -1) gb /= 2; // Illinois: the same end moved twice, halve the other's weight
                side = -1;
            }
            else
            {
                (b, gb, nodeB) = (sigma, value.Value, trial);
                if (side == 1) ga /= 2;
                side = 1;
            }
        }
        // The located point: the end past the crossing for hand-overs (the next piece starts there), the nearer end otherwise.
        var at = kind is CrossingKind.Event or CrossingKind.Bound ? nodeB : Math.Abs(ga) <= Math.Abs(gb) ? nodeA : nodeB;
        return new Crossing(kind, index, 0.5 * (a + b), at, ParameterOf(nodeA.Z), ParameterOf(nodeB.Z), status, b - a);
    }

    /// <summary>
    /// A fold: the zero of the tangent's parameter component, which must be an extremum of p along the step. Where the
    /// zero found is not (two branches pass close by and a trial point fell on the other), the extremum itself is
    /// located instead, by golden-section search over σ.
    /// </summary>
    Crossing LocateFold(double span, Node next, double[] tNext)
    {
        var c = Locate(CrossingKind.Fold, -1, span, _t[M], tNext[M], n => TangentAt(n)?.Tangent[M]);
        double p0 = ParameterOf(_node.Z), p1 = ParameterOf(next.Z), pf = ParameterOf(c.Node.Z);
        bool maximum = _t[M] > 0; // p rises into the fold and falls after it
        double slack = 1e-12 * Math.Max(1, Math.Abs(pf));
        if (maximum ? pf >= Math.Max(p0, p1) - slack : pf <= Math.Min(p0, p1) + slack) return c;
        double Value(Node n) => maximum ? ParameterOf(n.Z) : -ParameterOf(n.Z);
        const double ratio = 0.6180339887498949;
        double a = 0, b = span;
        Node? Trial(double sigma) => Corrector.Solve(_p, Along(sigma), _t, Math.Max(0.5 * span, 1e-9), _s.Newton);
        var x1 = Trial(b - ratio * (b - a));
        var x2 = Trial(a + ratio * (b - a));
        double s1 = b - ratio * (b - a), s2 = a + ratio * (b - a);
        for (int it = 0; it < 200 && b - a > _s.LocationTolerance && x1 is not null && x2 is not null; it++)
        {
            if (Value(x1) >= Value(x2)) { b = s2; s2 = s1; x2 = x1; s1 = b - ratio * (b - a); x1 = Trial(s1); }
            else { a = s1; s1 = s2; x1 = x2; s2 = a + ratio * (b - a); x2 = Trial(s2); }
        }
        if (x1 is null || x2 is null)
            return c with { Status = SpecialPointStatus.Bracketed };
        var best = Value(x1) >= Value(x2) ? x1 : x2;
        // The search assumes one peak along the chord. Beside a branch point the corrected trials can land on the other
        // branch, and the "best" falls short of the step's own end (seen at n = 2.9956 with the end at 3.0016): then the
        // turn is known to its bracket only, never reported where the parameter does not turn.
        if (Value(best) < Math.Max(Value(_node), Value(next)) - slack)
            return c with { Status = SpecialPointStatus.Bracketed };
        return new Crossing(CrossingKind.Fold, -1, 0.5 * (a + b), best, Math.Min(p0, p1), Math.Max(p0, p1), SpecialPointStatus.Located, b - a);
    }

    double[] Along(double sigma)
    {
        var z = new double[M + 1];
        for (int j = 0; j <= M; j++) z[j] = _node.Z[j] + sigma * _t[j];
        return z;
    }

    void Record(SpecialPointKind kind, string what, Crossing c, Node at, double[]? other = null, int? eventIndex = null)
    {
        var (spectrum, _) = Dynamics(at.Z);
        Eigenvalue? smallest = spectrum.Length == 0 ? null : spectrum.MinBy(e => e.Log10Magnitude);
        _special.Add(new SpecialPoint(kind, what, Math.Min(c.From, c.To), Math.Max(c.From, c.To), ParameterOf(at.Z), at.Z[..M], _p, c.Status,
            c.Precision, smallest, other)
        { EventIndex = eventIndex });
    }

    void AddPoint(double[] z)
    {
        var (spectrum, stability) = Dynamics(z);
        AddPoint(z, spectrum, stability);
    }

    void AddPoint(double[] z, Eigenvalue[] spectrum, Stability stability) => _points.Add(Point(z, spectrum, stability));

    /// <summary>
    /// The end point on the parameter's bound, unless the walk is already there: a walk that starts on the bound (the
    /// seed at the range's end) would otherwise end with the seed solved a second time, a repeated point.
    /// </summary>
    void AddBoundPoint(double[] z)
    {
        var last = _points[^1];
        double p = ParameterOf(z);
        bool same = Math.Abs(p - last.Parameter) <= 1e-12 * Math.Max(1, Math.Abs(p));
        for (int i = 0; same && i < M; i++) same = Math.Abs(z[i] - last.State[i]) <= 1e-9 * Math.Max(1, Math.Abs(z[i]));
        if (!same) AddPoint(z);
    }

    ContinuationPoint Point(double[] z, Eigenvalue[] spectrum, Stability stability) => new(ParameterOf(z), z[..M], _p, stability, spectrum);

    /// <summary>A point of a branch at z (scaled coordinates) with the problem's dynamics there, outside any walk.</summary>
    public static ContinuationPoint PointAt(IContinuationProblem problem, double[] z)
    {
        int m = problem.Dimension;
        var (spectrum, stability) = problem.Stability(z.AsSpan(0, m), z[m] * problem.ParameterScale);
        return new(z[m] * problem.ParameterScale, z[..m], problem, stability, spectrum);
    }

    WalkResult End(BranchEndReason reason, string what) =>
        new(_points, _special, new BranchEnd(reason, _points[^1].Parameter, what));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"walker on {_p} at {ParameterOf(_node.Z):G6}");
}
