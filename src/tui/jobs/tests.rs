use super::*;

const WAIT: Duration = Duration::from_secs(10);

fn described(i: usize) -> JobEvent {
    JobEvent::Described(vec![(
        i,
        Description {
            title: format!("title {i}"),
            size: i as u64,
            summary: crate::corpus::Summary::Pending,
        },
    )])
}

/// A job that sends one result each time the test opens its gate, and
/// says on `finished` when it has returned.
fn gated(gate: Receiver<()>, finished: Sender<()>) -> Work {
    Box::new(move |_cancel, emit| {
        for i in 0..3 {
            if gate.recv().is_err() {
                break;
            }
            // Ignores emit's answer on purpose: the runner must drop
            // what a cancelled job still sends.
            emit(described(i));
        }
        let _ = finished.send(());
    })
}

#[test]
fn results_stream_in_order_and_end_with_done() {
    let mut runner = JobRunner::default();
    let (gate_tx, gate) = mpsc::channel();
    let (finished_tx, finished) = mpsc::channel();
    runner.start(7, "test", gated(gate, finished_tx));
    for i in 0..3 {
        gate_tx.send(()).unwrap();
        assert_eq!(runner.next_within(WAIT), Some((7, described(i))));
        assert!(runner.is_busy());
    }
    finished.recv_timeout(WAIT).unwrap();
    assert_eq!(runner.next_within(WAIT), Some((7, JobEvent::Done)));
    assert!(!runner.is_busy());
}

#[test]
fn a_cancelled_job_s_later_results_are_dropped() {
    let mut runner = JobRunner::default();
    let (gate_tx, gate) = mpsc::channel();
    let (finished_tx, finished) = mpsc::channel();
    runner.start(1, "test", gated(gate, finished_tx));
    gate_tx.send(()).unwrap();
    assert_eq!(runner.next_within(WAIT), Some((1, described(0))));
    runner.cancel(1);
    assert!(!runner.is_busy());
    gate_tx.send(()).unwrap();
    gate_tx.send(()).unwrap();
    finished.recv_timeout(WAIT).unwrap();
    assert_eq!(runner.try_next(), None);
}

#[test]
fn cancelling_one_job_keeps_the_other_s_results() {
    let mut runner = JobRunner::default();
    let (gate_a, gate) = mpsc::channel();
    let (done_a, finished_a) = mpsc::channel();
    runner.start(1, "a", gated(gate, done_a));
    let (gate_b, gate) = mpsc::channel();
    let (done_b, finished_b) = mpsc::channel();
    runner.start(2, "b", gated(gate, done_b));
    runner.cancel(1);
    for _ in 0..3 {
        gate_a.send(()).unwrap();
        gate_b.send(()).unwrap();
    }
    finished_a.recv_timeout(WAIT).unwrap();
    finished_b.recv_timeout(WAIT).unwrap();
    let mut got = Vec::new();
    while let Some(e) = runner.next_within(WAIT) {
        got.push(e);
        if got.len() == 4 {
            break;
        }
    }
    let expected: Vec<_> = (0..3)
        .map(|i| (2, described(i)))
        .chain([(2, JobEvent::Done)])
        .collect();
    assert_eq!(got, expected);
    assert_eq!(runner.try_next(), None);
}

#[test]
fn the_table_tracks_progress_and_forgets_ended_and_cancelled_jobs() {
    let mut table = JobTable::default();
    let job = || Job::Describe {
        from: 0,
        entries: Vec::new(),
    };
    let crate::tui::action::Effect::Start { id: first, .. } = table.start(job()) else {
        panic!("not a start");
    };
    let crate::tui::action::Effect::Start { id: second, .. } = table.start(job()) else {
        panic!("not a start");
    };
    assert_ne!(first, second);
    let progress = JobEvent::Progress {
        done: 3,
        total: Some(10),
    };
    let state = table.take_in(first, &progress).unwrap();
    assert_eq!(
        (state.what, state.done, state.total),
        ("describe", 3, Some(10))
    );
    table.forget(second);
    assert_eq!(table.take_in(second, &progress), None, "cancelled: dropped");
    assert!(table.take_in(first, &JobEvent::Done).is_some());
    assert_eq!(table.take_in(first, &described(0)), None, "ended: dropped");
    assert_eq!(table.running().count(), 0);
}

#[test]
fn describe_reads_titles_with_list_numbers() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("a.txt", "First\n\nbody\n"), ("b.txt", "Second\n")] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let corpus = crate::corpus::discover(
        &[dir.path().to_path_buf()],
        &crate::store::Placement::default(),
    )
    .unwrap();
    let mut runner = JobRunner::default();
    let job = Job::Describe {
        from: 5,
        entries: corpus.entries,
    };
    let opener = Opener {
        service: Service::with_locks(None),
        annotator: None,
    };
    runner.start(3, name_of(&job), work_for(job, &opener));
    let Some((3, JobEvent::Described(batch))) = runner.next_within(WAIT) else {
        panic!("no titles");
    };
    let titles: Vec<_> = batch.iter().map(|(i, d)| (*i, d.title.as_str())).collect();
    assert_eq!(titles, [(5, "First"), (6, "Second")]);
    assert_eq!(runner.next_within(WAIT), Some((3, JobEvent::Done)));
}
