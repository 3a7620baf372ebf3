package ingest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/talksbot/talksbot/corpus/ingest"
)

func ExampleFromText() {
	a, err := ingest.FromText("notes.txt", []byte("Talks begin\n\nIraq and the United States\nbegan talks on Thursday.\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	fmt.Println(a.Body)
	fmt.Println(a.ID)
	// Output:
	// Talks begin
	// Iraq and the United States began talks on Thursday.
	// text-talks-begin-a79086
}

func ExampleDetect_wrongType() {
	_, err := ingest.Detect(context.Background(), nil, "chart.png", "image/png", []byte("\x89PNG\r\n\x1a\n"))
	fmt.Println(err)
	fmt.Println(errors.Is(err, ingest.ErrType))
	// Output:
	// wrong type: image/png
	// true
}

func ExampleID() {
	fmt.Println(ingest.ID("https://www.example.com/news/talks/?utm_source=x#top", "", ""))
	fmt.Println(ingest.ID("https://example.com/news/talks", "", ""))
	// Output:
	// example.com-e226933e05
	// example.com-e226933e05
}
