//! Event dates (work in progress).
