package autograd

import (
	"math"

	"github.com/gotensor/gotensor/tensor"
)

// Scheduler changes an optimizer's learning rate epoch by epoch, as
// torch.optim.lr_scheduler's schedulers: call Step once after each epoch's optimizer
// steps. Like PyTorch's, the schedules are recursive: each Step computes the next rate
// from the optimizer's current one, so a rate set with SetLR in between carries over.
type Scheduler interface {
	// Step ends an epoch: it advances the epoch count and sets the optimizer's rate.
	Step()
	// Epoch is the number of Steps so far (PyTorch's last_epoch).
	Epoch() int
	// LR is the rate the last Step set (PyTorch's get_last_lr()).
	LR() float64
}

// StepLR configures a schedule that multiplies the rate by Gamma every StepSize epochs,
// as torch.optim.lr_scheduler.StepLR.
type StepLR struct {
	StepSize int     // epochs between decays; required (>= 1)
	Gamma    float64 // the factor; default 0.1 (Zero for 0)
}

// CosineAnnealingLR configures a cosine schedule from the optimizer's initial rate down
// to EtaMin over TMax epochs (and back up over the next TMax, and so on), as
// torch.optim.lr_scheduler.CosineAnnealingLR, whose recursive form it follows:
//
//	lr(e) = (1+cos(pi*e/TMax)) / (1+cos(pi*(e-1)/TMax)) * (lr(e-1)-EtaMin) + EtaMin
//
// (with lr(e-1) + (lr0-EtaMin)*(1-cos(pi/TMax))/2 where (e-1-TMax) is a multiple of 2*TMax).
type CosineAnnealingLR struct {
	TMax   int     // epochs of half a cosine period; required (>= 1)
	EtaMin float64 // the lowest rate; default 0
}

// NewStepLR returns a StepLR schedule of opt's rate. A StepSize below 1 or a negative
// or NaN Gamma is a Value error.
func NewStepLR(opt Optimizer, c StepLR) Scheduler {
	const op = "autograd.NewStepLR"
	checkOptimizer(op, opt)
	if c.StepSize < 1 {
		failOp(tensor.Value, op, "invalid step size %d: want StepSize >= 1", c.StepSize)
	}
	c.Gamma = orDefault(c.Gamma, 0.1)
	checkRate(op, "gamma", c.Gamma)
	return &stepLR{sched: newSched(opt), c: c}
}

// NewCosineAnnealingLR returns a CosineAnnealingLR schedule of opt's rate. A TMax below
// 1 or a negative or NaN EtaMin is a Value error.
func NewCosineAnnealingLR(opt Optimizer, c CosineAnnealingLR) Scheduler {
	const op = "autograd.NewCosineAnnealingLR"
	checkOptimizer(op, opt)
	if c.TMax < 1 {
		failOp(tensor.Value, op, "invalid TMax %d: want TMax >= 1", c.TMax)
	}
	c.EtaMin = orDefault(c.EtaMin, 0)
	checkRate(op, "minimum rate EtaMin", c.EtaMin)
	return &cosineLR{sched: newSched(opt), c: c}
}

func checkOptimizer(op string, opt Optimizer) {
	if opt == nil {
		failOp(tensor.Value, op, "nil optimizer")
	}
}

// sched is what the schedules share: the optimizer, its initial rate and the epoch.
type sched struct {
	opt   Optimizer
	base  float64 // the rate when the schedule was made (PyTorch's base_lrs)
	epoch int
	last  float64
}

func newSched(opt Optimizer) sched {
	lr := opt.LR()
	return sched{opt: opt, base: lr, last: lr}
}

func (s *sched) Epoch() int  { return s.epoch }
func (s *sched) LR() float64 { return s.last }

func (s *sched) set(lr float64) {
	s.opt.SetLR(lr)
	s.last = lr
}

type stepLR struct {
	sched
	c StepLR
}

func (s *stepLR) Step() {
	s.epoch++
	lr := s.opt.LR()
	if s.epoch%s.c.StepSize == 0 {
		lr *= s.c.Gamma
	}
	s.set(lr)
}

type cosineLR struct {
	sched
	c CosineAnnealingLR
}

func (s *cosineLR) Step() {
	s.epoch++
	e, t, eta, lr := float64(s.epoch), float64(s.c.TMax), s.c.EtaMin, s.opt.LR()
	if (s.epoch-1-s.c.TMax)%(2*s.c.TMax) == 0 { // Go's % keeps the sign; 0 either way
		lr = lr + (s.base-eta)*(1-math.Cos(math.Pi/t))/2
	} else {
		lr = (1+math.Cos(math.Pi*e/t))/(1+math.Cos(math.Pi*(e-1)/t))*(lr-eta) + eta
	}
	s.set(lr)
}
