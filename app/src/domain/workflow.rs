//! The approval workflow of an Aktionsprogramm: its states, the steps between them and who may
//! take each step. Every step is recorded with who, when and a comment (by the services).
use super::user::{CurrentUser, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProgrammeState {
    /// Entwurf: the coordinators work on it.
    Draft,
    /// Eingereicht: one version lies with the Projektbüro; nobody changes it meanwhile.
    Submitted,
    /// Rückfragen: the Projektbüro returned it with comments.
    Returned,
    /// Freigegeben: the submitted version is approved and frozen.
    Approved,
    /// Veröffentlicht: the approved version is on the area's public page.
    Published,
}

impl ProgrammeState {
    pub const ALL: [ProgrammeState; 5] = [
        ProgrammeState::Draft,
        ProgrammeState::Submitted,
        ProgrammeState::Returned,
        ProgrammeState::Approved,
        ProgrammeState::Published,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProgrammeState::Draft => "entwurf",
            ProgrammeState::Submitted => "eingereicht",
            ProgrammeState::Returned => "rueckfragen",
            ProgrammeState::Approved => "freigegeben",
            ProgrammeState::Published => "veroeffentlicht",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ProgrammeState::Draft => "Entwurf",
            ProgrammeState::Submitted => "Eingereicht",
            ProgrammeState::Returned => "Rückfragen",
            ProgrammeState::Approved => "Freigegeben",
            ProgrammeState::Published => "Veröffentlicht",
        }
    }

    /// New versions may be saved: while drafting and to answer questions. After approval or
    /// publication a save starts the next revision (the frozen versions stay as they are).
    pub fn allows_saving(self) -> bool {
        !matches!(self, ProgrammeState::Submitted)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    /// Einreichen: a coordinator hands one version to the Projektbüro.
    Submit,
    /// Zurückziehen: the programme comes back to the drafting desk before a decision.
    Withdraw,
    /// Zurückgeben: the Projektbüro has questions (comment required).
    Return,
    /// Freigeben: the Projektbüro approves exactly the submitted version.
    Approve,
    /// Veröffentlichen: the approved version goes on the public page.
    Publish,
    /// Überarbeiten: a save after questions, approval or publication opens a new draft.
    Revise,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Submit,
        Step::Withdraw,
        Step::Return,
        Step::Approve,
        Step::Publish,
        Step::Revise,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Submit => "einreichen",
            Step::Withdraw => "zurueckziehen",
            Step::Return => "zurueckgeben",
            Step::Approve => "freigeben",
            Step::Publish => "veroeffentlichen",
            Step::Revise => "ueberarbeiten",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Submit => "Eingereicht",
            Step::Withdraw => "Zurückgezogen",
            Step::Return => "Mit Rückfragen zurückgegeben",
            Step::Approve => "Freigegeben",
            Step::Publish => "Veröffentlicht",
            Step::Revise => "Überarbeitung begonnen",
        }
    }

    /// Returning without saying why helps nobody.
    pub fn needs_comment(self) -> bool {
        matches!(self, Step::Return)
    }
}

/// Who asks for a step, as far as the workflow cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub project_office: bool,
    /// A coordinator of the programme's area (or the Projektbüro, which may edit every area).
    pub may_edit: bool,
    /// The one who submitted the version now under review.
    pub submitted_it: bool,
}

impl Actor {
    pub fn of(user: &CurrentUser, area_id: i64, submitter_id: Option<i64>) -> Self {
        let project_office = user.role == Role::ProjectOffice;
        Self {
            project_office,
            may_edit: project_office || user.area_ids.contains(&area_id),
            submitted_it: submitter_id == Some(user.id),
        }
    }
}

/// Why a step is refused; the text says what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("Das geht im Zustand „{}“ nicht.", .0.label())]
    NotNow(ProgrammeState),
    #[error("Diesen Schritt geht nur das Projektbüro.")]
    OnlyProjectOffice,
    #[error(
        "Diesen Schritt gehen nur die Aktionsraumbeauftragten des Gebiets oder das Projektbüro."
    )]
    OnlyEditors,
    #[error("Wer eine Fassung eingereicht hat, kann sie nicht selbst freigeben. Bitte bitten Sie eine Kollegin oder einen Kollegen im Projektbüro darum.")]
    OwnSubmission,
    #[error("Bitte schreiben Sie dazu, was geklärt werden soll.")]
    CommentMissing,
}

/// The state after `step`, or why it is refused. Order of checks: the state first (a step that
/// makes no sense now), then the person.
pub fn next_state(
    state: ProgrammeState,
    step: Step,
    actor: Actor,
    comment: &str,
) -> Result<ProgrammeState, WorkflowError> {
    use ProgrammeState as S;
    let next = match (step, state) {
        (Step::Submit, S::Draft | S::Returned) => S::Submitted,
        (Step::Withdraw, S::Submitted) => S::Draft,
        (Step::Return, S::Submitted) => S::Returned,
        (Step::Approve, S::Submitted) => S::Approved,
        (Step::Publish, S::Approved) => S::Published,
        (Step::Revise, S::Returned | S::Approved | S::Published) => S::Draft,
        _ => return Err(WorkflowError::NotNow(state)),
    };
    match step {
        Step::Submit | Step::Withdraw | Step::Revise if !actor.may_edit => {
            return Err(WorkflowError::OnlyEditors)
        }
        Step::Return | Step::Approve | Step::Publish if !actor.project_office => {
            return Err(WorkflowError::OnlyProjectOffice)
        }
        Step::Approve if actor.submitted_it => return Err(WorkflowError::OwnSubmission),
        _ => {}
    }
    if step.needs_comment() && comment.trim().is_empty() {
        return Err(WorkflowError::CommentMissing);
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProgrammeState as S;

    const fn actor(project_office: bool, may_edit: bool, submitted_it: bool) -> Actor {
        Actor {
            project_office,
            may_edit,
            submitted_it,
        }
    }
    const COORDINATOR: Actor = actor(false, true, false);
    const SUBMITTING_COORDINATOR: Actor = actor(false, true, true);
    const STRANGER: Actor = actor(false, false, false);
    const OFFICE: Actor = actor(true, true, false);
    const SUBMITTING_OFFICE: Actor = actor(true, true, true);

    /// The whole table: every state × step × actor, with a comment given. `None` = refused.
    /// Having submitted matters only for approving.
    #[test]
    fn the_workflow_as_a_table() {
        let allowed: &[(S, Step, &[Actor], S)] = &[
            (
                S::Draft,
                Step::Submit,
                &[
                    COORDINATOR,
                    SUBMITTING_COORDINATOR,
                    OFFICE,
                    SUBMITTING_OFFICE,
                ],
                S::Submitted,
            ),
            (
                S::Returned,
                Step::Submit,
                &[
                    COORDINATOR,
                    SUBMITTING_COORDINATOR,
                    OFFICE,
                    SUBMITTING_OFFICE,
                ],
                S::Submitted,
            ),
            (
                S::Submitted,
                Step::Withdraw,
                &[
                    COORDINATOR,
                    SUBMITTING_COORDINATOR,
                    OFFICE,
                    SUBMITTING_OFFICE,
                ],
                S::Draft,
            ),
            (
                S::Submitted,
                Step::Return,
                &[OFFICE, SUBMITTING_OFFICE],
                S::Returned,
            ),
            (S::Submitted, Step::Approve, &[OFFICE], S::Approved),
            (
                S::Approved,
                Step::Publish,
                &[OFFICE, SUBMITTING_OFFICE],
                S::Published,
            ),
            (
                S::Returned,
                Step::Revise,
                &[
                    COORDINATOR,
                    SUBMITTING_COORDINATOR,
                    OFFICE,
                    SUBMITTING_OFFICE,
                ],
                S::Draft,
            ),
            (
                S::Approved,
                Step::Revise,
                &[
                    COORDINATOR,
                    SUBMITTING_COORDINATOR,
                    OFFICE,
                    SUBMITTING_OFFICE,
                ],
                S::Draft,
            ),
            (
                S::Published,
                Step::Revise,
                &[
                    COORDINATOR,
                    SUBMITTING_COORDINATOR,
                    OFFICE,
                    SUBMITTING_OFFICE,
                ],
                S::Draft,
            ),
        ];
        let actors = [
            COORDINATOR,
            SUBMITTING_COORDINATOR,
            STRANGER,
            OFFICE,
            SUBMITTING_OFFICE,
        ];
        let mut checked = 0;
        for state in S::ALL {
            for step in Step::ALL {
                for actor in actors {
                    let expected = allowed
                        .iter()
                        .find(|(s, st, who, _)| *s == state && *st == step && who.contains(&actor))
                        .map(|(_, _, _, next)| *next);
                    let got = next_state(state, step, actor, "Bitte Budget prüfen").ok();
                    assert_eq!(got, expected, "{state:?} {step:?} {actor:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 5 * 6 * 5);
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(
            next_state(S::Submitted, Step::Approve, SUBMITTING_OFFICE, ""),
            Err(WorkflowError::OwnSubmission)
        );
        assert_eq!(
            next_state(S::Submitted, Step::Approve, COORDINATOR, ""),
            Err(WorkflowError::OnlyProjectOffice)
        );
        assert_eq!(
            next_state(S::Draft, Step::Submit, STRANGER, ""),
            Err(WorkflowError::OnlyEditors)
        );
        assert_eq!(
            next_state(S::Draft, Step::Approve, OFFICE, ""),
            Err(WorkflowError::NotNow(S::Draft))
        );
        assert_eq!(
            next_state(S::Submitted, Step::Return, OFFICE, "  "),
            Err(WorkflowError::CommentMissing)
        );
        assert!(!S::Submitted.allows_saving());
        assert!(S::Published.allows_saving());
    }

    #[test]
    fn codes_round_trip() {
        for state in S::ALL {
            assert_eq!(S::from_code(state.code()), Some(state));
        }
        for step in Step::ALL {
            assert_eq!(Step::from_code(step.code()), Some(step));
        }
    }
}
