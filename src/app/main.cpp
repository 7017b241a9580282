#include "app/cli.hpp"

int main(int argc, char** argv) { return pgimport::app::run(argc, argv); }
