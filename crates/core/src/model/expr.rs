//! Formulas that compute and explain themselves. A scheme writes a paragraph's arithmetic once,
//! with [`X`] values (`rate × min(income, threshold)`); while a case is explained, each `X`
//! also carries the formula as a tree ([`Node`]), which the explanation writes with the numbers
//! filled in, in either language (`30 % × min(15600.00, 16323.00) = 4680.00`). With tracing off
//! the tree's type is `()`: an `X` is then only its value, and the formula costs nothing.
//!
//! Arithmetic is checked: an overflow or a division by zero makes the value unusable, and the
//! step that records it refuses the case instead of panicking.

use std::ops::{Add, Div, Mul, Sub};

use rust_decimal::Decimal;

use crate::text::Lang;
use crate::text::format::{Style, write};
use crate::values::rounding::Rounding;
use crate::values::value::Value;

/// A number in a formula, with the formula that made it while tracing. `T` is the recorder's
/// [`Tree`]: `()` on the fast path, where an `X` is only its value (and the compiler removes
/// every formula), a boxed [`Node`] while explaining.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct X<T> {
    /// `None` after an overflow or a division by zero.
    pub(crate) v: Option<Decimal>,
    pub(crate) t: T,
}

/// How a formula is kept: not at all (`()`), or as a tree (`Box<Node>`).
pub trait Tree: Sized {
    fn leaf(scope: &'static str, name: &'static str, shown: impl FnOnce() -> Value) -> Self;
    fn lit(d: Decimal) -> Self;
    fn bin(op: Op, a: Self, b: Self) -> Self;
    fn call(name: &'static str, a: Self, b: Self) -> Self;
    fn round(self, name: &'static str, rounding: Rounding, exact: Option<Decimal>) -> Self;
    fn labelled(self) -> Self;
    fn into_node(self) -> Option<Node>;
}

impl Tree for () {
    #[inline(always)]
    fn leaf(_: &'static str, _: &'static str, _: impl FnOnce() -> Value) {}
    #[inline(always)]
    fn lit(_: Decimal) {}
    #[inline(always)]
    fn bin(_: Op, _: (), _: ()) {}
    #[inline(always)]
    fn call(_: &'static str, _: (), _: ()) {}
    #[inline(always)]
    fn round(self, _: &'static str, _: Rounding, _: Option<Decimal>) {}
    #[inline(always)]
    fn labelled(self) {}
    #[inline(always)]
    fn into_node(self) -> Option<Node> {
        None
    }
}

impl Tree for Box<Node> {
    fn leaf(scope: &'static str, name: &'static str, shown: impl FnOnce() -> Value) -> Self {
        Box::new(Node::Leaf {
            name,
            scope,
            shown: shown(),
            labelled: false,
        })
    }

    fn lit(d: Decimal) -> Self {
        Box::new(Node::Lit(d))
    }

    fn bin(op: Op, a: Self, b: Self) -> Self {
        Box::new(Node::Bin(op, a, b))
    }

    fn call(name: &'static str, a: Self, b: Self) -> Self {
        Box::new(Node::Call(name, vec![*a, *b]))
    }

    fn round(self, name: &'static str, rounding: Rounding, exact: Option<Decimal>) -> Self {
        match exact {
            Some(exact) => Box::new(Node::Round {
                name,
                rounding,
                exact,
                inner: self,
            }),
            None => self,
        }
    }

    fn labelled(mut self) -> Self {
        if let Node::Leaf { labelled, .. } = self.as_mut() {
            *labelled = true;
        }
        self
    }

    fn into_node(self) -> Option<Node> {
        Some(*self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "−",
            Op::Mul => "×",
            Op::Div => "÷",
        }
    }

    fn precedence(self) -> u8 {
        match self {
            Op::Add | Op::Sub => 1,
            Op::Mul | Op::Div => 2,
        }
    }
}

/// A formula as a tree, to be written in a reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A named value: an input, a parameter, or an earlier step's result. `labelled` writes
    /// its term before it (`wage 15600.00`), for sums whose parts a reader must tell apart.
    Leaf {
        name: &'static str,
        scope: &'static str,
        shown: Value,
        labelled: bool,
    },
    /// A constant of the formula (`12` months a year).
    Lit(Decimal),
    Bin(Op, Box<Node>, Box<Node>),
    /// `min(a, b, …)` or `max(a, b, …)`.
    Call(&'static str, Vec<Node>),
    /// A named rounding of the rule set: written `… = exact → rounded` at the top of a step.
    Round {
        name: &'static str,
        rounding: Rounding,
        exact: Decimal,
        inner: Box<Node>,
    },
}

impl<T> X<T> {
    /// The value, unless the arithmetic overflowed or divided by zero.
    #[inline]
    pub fn value(&self) -> Option<Decimal> {
        self.v
    }
}

impl<T: Tree> X<T> {
    /// A constant of the formula (`X::lit(12)`).
    #[inline]
    pub fn lit(d: impl Into<Decimal>) -> X<T> {
        let d = d.into();
        X {
            v: Some(d),
            t: T::lit(d),
        }
    }

    /// A named value (`shown` is only called while tracing).
    #[inline]
    pub(crate) fn leaf(
        scope: &'static str,
        name: &'static str,
        v: Option<Decimal>,
        shown: impl FnOnce() -> Value,
    ) -> X<T> {
        X {
            v,
            t: T::leaf(scope, name, shown),
        }
    }

    /// Writes this leaf with its term before it (`wage 15600.00`).
    #[inline(always)]
    pub fn labelled(self) -> X<T> {
        X {
            v: self.v,
            t: self.t.labelled(),
        }
    }

    #[inline(always)]
    pub fn min(self, other: X<T>) -> X<T> {
        let v = self.v.zip(other.v).map(|(a, b)| a.min(b));
        X {
            v,
            t: T::call("min", self.t, other.t),
        }
    }

    #[inline(always)]
    pub fn max(self, other: X<T>) -> X<T> {
        let v = self.v.zip(other.v).map(|(a, b)| a.max(b));
        X {
            v,
            t: T::call("max", self.t, other.t),
        }
    }

    /// `max(0, self)`: an amount that cannot go below zero.
    #[inline(always)]
    pub fn at_least_zero(self) -> X<T> {
        X::lit(0).max(self)
    }

    /// Rounded by a named rounding of the rule set.
    #[inline(always)]
    pub fn round(self, name: &'static str, rounding: Rounding) -> X<T> {
        X {
            v: self.v.map(|d| rounding.apply(d)),
            t: self.t.round(name, rounding, self.v),
        }
    }

    pub(crate) fn into_parts(self) -> (Option<Decimal>, Option<Node>) {
        (self.v, self.t.into_node())
    }
}

impl<T: Tree> Add for X<T> {
    type Output = X<T>;
    #[inline(always)]
    fn add(self, o: X<T>) -> X<T> {
        X {
            v: self.v.zip(o.v).and_then(|(a, b)| a.checked_add(b)),
            t: T::bin(Op::Add, self.t, o.t),
        }
    }
}

impl<T: Tree> Sub for X<T> {
    type Output = X<T>;
    #[inline(always)]
    fn sub(self, o: X<T>) -> X<T> {
        X {
            v: self.v.zip(o.v).and_then(|(a, b)| a.checked_sub(b)),
            t: T::bin(Op::Sub, self.t, o.t),
        }
    }
}

impl<T: Tree> Mul for X<T> {
    type Output = X<T>;
    #[inline(always)]
    fn mul(self, o: X<T>) -> X<T> {
        X {
            v: self.v.zip(o.v).and_then(|(a, b)| a.checked_mul(b)),
            t: T::bin(Op::Mul, self.t, o.t),
        }
    }
}

impl<T: Tree> Div for X<T> {
    type Output = X<T>;
    #[inline(always)]
    fn div(self, o: X<T>) -> X<T> {
        X {
            v: self.v.zip(o.v).and_then(|(a, b)| a.checked_div(b)),
            t: T::bin(Op::Div, self.t, o.t),
        }
    }
}

impl Node {
    /// The named values of the formula, in the order they are written, each once.
    pub fn leaves(&self, out: &mut Vec<(&'static str, Value)>) {
        match self {
            Node::Leaf { name, shown, .. } => {
                if !out.iter().any(|(n, _)| n == name) {
                    out.push((name, shown.clone()));
                }
            }
            Node::Lit(_) => {}
            Node::Bin(_, a, b) => {
                a.leaves(out);
                b.leaves(out);
            }
            Node::Call(_, args) => args.iter().for_each(|a| a.leaves(out)),
            Node::Round { inner, .. } => inner.leaves(out),
        }
    }

    /// The formula with its numbers, in `lang`: `30 % × min(15600.00, 16323.00)`.
    /// `term` writes a labelled leaf's name in the reader's language.
    pub fn write(&self, lang: Lang, term: &dyn Fn(&'static str, &'static str) -> String) -> String {
        let mut out = String::new();
        self.write_into(&mut out, lang, term, 0, false);
        out
    }

    fn write_into(
        &self,
        out: &mut String,
        lang: Lang,
        term: &dyn Fn(&'static str, &'static str) -> String,
        parent: u8,
        right: bool,
    ) {
        match self {
            Node::Leaf {
                name,
                scope,
                shown,
                labelled,
            } => {
                if *labelled {
                    out.push_str(&term(scope, name));
                    out.push(' ');
                }
                out.push_str(&write(shown, lang, Style::Formula));
            }
            Node::Lit(d) => out.push_str(&write(&Value::Number(*d), lang, Style::Formula)),
            Node::Bin(op, a, b) => {
                let p = op.precedence();
                // Parentheses where the reader would otherwise group differently: a lower
                // precedence inside a higher one, or an equal one on the right of − and ÷.
                let wrap = p < parent || (p == parent && right);
                if wrap {
                    out.push('(');
                }
                a.write_into(out, lang, term, p, false);
                out.push(' ');
                out.push_str(op.symbol());
                out.push(' ');
                let right_strict = matches!(op, Op::Sub | Op::Div);
                b.write_into(out, lang, term, p, right_strict);
                if wrap {
                    out.push(')');
                }
            }
            Node::Call(name, args) => {
                out.push_str(name);
                out.push('(');
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    a.write_into(out, lang, term, 0, false);
                }
                out.push(')');
            }
            Node::Round { inner, .. } => inner.write_into(out, lang, term, parent, right),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::rounding::RoundingMode;
    use std::str::FromStr;

    type Traced = X<Box<Node>>;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn kr(name: &'static str, v: &str) -> Traced {
        X::leaf("test", name, Some(d(v)), || Value::Amount(d(v)))
    }

    fn written(x: &Traced) -> String {
        let node = x.clone().into_parts().1.unwrap();
        node.write(Lang::En, &|_, n| n.to_string())
    }

    #[test]
    fn a_formula_computes_and_writes_itself() {
        let rate: Traced = X::leaf("test", "low_rate", Some(d("0.30")), || {
            Value::Percent(d("30"))
        });
        let x = rate * kr("income", "15600").min(kr("threshold", "16323"));
        assert_eq!(x.value(), Some(d("4680.00")));
        assert_eq!(written(&x), "30 % × min(15600.00, 16323.00)");
        let y = (kr("a", "10") - kr("b", "4")) * X::lit(2) / (X::lit(3) - kr("c", "1"));
        assert_eq!(written(&y), "(10.00 − 4.00) × 2 ÷ (3 − 1.00)");
        assert_eq!(
            written(&(kr("a", "1") - (kr("b", "2") - kr("c", "3")))),
            "1.00 − (2.00 − 3.00)"
        );
        assert_eq!(
            written(&(kr("a", "1") + kr("b", "2") + kr("c", "3"))),
            "1.00 + 2.00 + 3.00"
        );
    }

    #[test]
    fn untraced_formulas_keep_no_tree_and_overflow_is_caught() {
        let a: X<()> = X::leaf("test", "a", Some(Decimal::MAX), || Value::None);
        let b: X<()> = X::leaf("test", "b", Some(d("2")), || Value::None);
        assert_eq!(
            std::mem::size_of::<X<()>>(),
            std::mem::size_of::<Option<Decimal>>()
        );
        let x = a.clone() * b.clone() + X::lit(1);
        assert_eq!(x.value(), None);
        assert_eq!((b / X::lit(0)).value(), None);
        let r = Rounding {
            scale: 0,
            mode: RoundingMode::HalfUp,
        };
        assert_eq!(kr("x", "377.5").round("atp", r).value(), Some(d("378")));
    }
}
